"""The analysis core: tables with disclosure control, weighting, redaction and themes.

Plain Python with no Django import, so it runs inside the site and on exported CSV files alike
(see `safevoice-analysis --help`).
"""
