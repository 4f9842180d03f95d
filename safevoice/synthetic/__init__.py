"""Synthetic responses for demonstrations, tests and benchmarks: plain Python, no Django, not the analysis core.

- ``sampler``: seeded responses to any questionnaire, true to its routing (``generate_table``, ``generate_answers``).
- ``profile``: how one survey's respondents answer, read from ``synthetic-profile.yaml`` beside its questionnaire
  and checked against it (``load_profile``, ``profile_beside``).
- ``text`` and ``corpus``: free-text answers composed from the data files in ``corpus/``, with the spans of the
  personal details they carry for measuring redaction (``labelled_texts``).
"""
