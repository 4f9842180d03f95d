"""Answer sets saved at "Check your answers", for the *send* load scenario.

A rush of people pressing "Send my answers" cannot be produced by walking the whole questionnaire for each one (a
walk is about sixty requests), so this makes ``N`` complete, routing-consistent answer sets with the synthetic
generator (safevoice.synthetic), saves each under a resume code as save-and-return does, and writes the
codes to a file. Each simulated resident then enters a code, checks the answers and sends them through the real
forms, CSRF included: five requests per stored response.

Run with the server's environment (bench.server.server_environment): ``python -m bench.ready_to_send N CODES_FILE``.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path


def main(count: int, codes_file: Path) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safevoice.config.settings")
    django.setup()

    from django.conf import settings
    from django.utils import timezone

    from safevoice.consultations.models import Consultation
    from safevoice.questionnaires.selectors import get_current_questionnaire
    from safevoice.responses import resume_codes
    from safevoice.responses.models import SavedAnswers
    from safevoice.synthetic.profile import PROFILE_NAME, load_profile
    from safevoice.synthetic.sampler import generate_answers

    slug = os.environ.get("BENCH_CONSULTATION", "serious-violence-duty-2023-demo")
    consultation = Consultation.objects.get(slug=slug)
    live = get_current_questionnaire(consultation=consultation)
    questionnaire = live.questionnaire
    folder = settings.SAFEVOICE_CONTENT_DIR / "consultations" / "serious-violence-duty-2023"
    profile = load_profile(folder / PROFILE_NAME, questionnaire)
    now = timezone.now()
    rows: list[SavedAnswers] = []
    codes: list[str] = []
    seed = 1
    while len(rows) < count:
        for answers in generate_answers(questionnaire, n=count, seed=seed, profile=profile):
            # Only what the real journey would let someone send: every required question answered.
            if questionnaire.first_incomplete_page_id(answers) is not None or len(rows) >= count:
                continue
            code = resume_codes.new_code()
            codes.append(code)
            rows.append(
                SavedAnswers(
                    consultation=consultation,
                    questionnaire_version=live.version,
                    code_hash=resume_codes.code_hash(code),
                    answers=answers,
                    visited_pages=[page.id for page in questionnaire.visible_pages(answers)],
                    reached_check_answers=True,
                    attempt_started_at=now - timedelta(minutes=10),
                    saved_at=now,
                    expires_at=consultation.closes_at,
                )
            )
        seed += 1
    SavedAnswers.objects.bulk_create(rows, batch_size=1000)
    codes_file.write_text("\n".join(codes) + "\n", encoding="ascii")


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
