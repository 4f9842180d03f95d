"""Rebuild safevoice/analysis/text/data/first_names_world.txt: first names of many origins, from Faker.

    python3.11 scripts/build_name_lists.py

Why: spaCy's small English model misses many Central and Eastern European and other non-English names
(Northamptonshire has large Polish, Romanian, Lithuanian and other communities), so the redactor also matches a
list of known first names (with the surname that follows). This script writes that list from the name
providers of Faker (MIT licence; each locale's names come from its national statistics offices' or similar
published lists, see Faker's source), for the locales below.

Left out, so the list does not redact ordinary words, places or topics: names that are also common English
words (a lower-case word in Webster's Second, via the english-words package, whose wordfreq Zipf frequency is
at least `COMMON_WORD_ZIPF`: "Will", "Mark", "Grace", "Lane", "Summer"), names written in lower case, names of one or two letters, and anything in
data/not_names.txt (Northamptonshire's places, services, topics). Faker, wordfreq and english-words are needed only
here, in the model-build virtual environment (var/model-build-venv), never at run time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_VENV = ROOT / "var" / "model-build-venv"
DATA = ROOT / "safevoice" / "analysis" / "text" / "data"
OUT = DATA / "first_names_world.txt"
BUILD_REQUIREMENTS = ["faker==40.54.0", "wordfreq==3.1.1", "english-words==2.0.2"]
COMMON_WORD_ZIPF = 3.0
# Names left out by hand, as in data/first_names.txt: street names for drugs and a London club.
EXCLUDED = frozenset({"Charlie", "Mandy", "Molly", "Tina", "Chelsea"})
# Central and Eastern Europe first (the county's largest communities after the UK), then the rest of Europe,
# South Asia, Africa, the Middle East and the Americas as Faker covers them in the Latin alphabet.
LOCALES = [
    *("pl_PL", "ro_RO", "lt_LT", "lv_LV", "cs_CZ", "sk_SK", "hu_HU", "bg_BG", "uk_UA", "ru_RU", "sl_SI"),
    *("hr_HR", "et_EE", "sq_AL", "el_GR", "tr_TR", "pt_PT", "pt_BR", "es_ES", "es_MX", "it_IT", "fr_FR"),
    *("de_DE", "nl_NL", "da_DK", "sv_SE", "no_NO", "fi_FI", "ga_IE", "en_GB", "en_IE", "en_US", "en_IN"),
    *("hi_IN", "en_PK", "bn_BD", "ne_NP", "tw_GH", "yo_NG", "ar_AA", "fa_IR", "az_AZ", "ka_GE", "hy_AM"),
]


def collect() -> list[str]:
    """Runs inside the build venv."""
    from english_words import get_english_words_set
    from faker import Faker
    from wordfreq import zipf_frequency

    # Webster's Second International (public domain) writes proper nouns with a capital: its lower-case entries
    # are the ordinary words.
    ordinary = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}

    not_names = {
        line.strip().casefold()
        for line in (DATA / "not_names.txt").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    names: set[str] = set()
    for locale in LOCALES:
        try:
            fake = Faker(locale)
        except AttributeError:
            continue
        for provider in fake.providers:
            if ".person." not in type(provider).__module__:
                continue
            for attribute in (
                "first_names",
                "first_names_male",
                "first_names_female",
                "first_names_nonbinary",
            ):
                found = getattr(provider, attribute, None) or ()
                names.update(str(n).strip() for n in found)
    kept = set()
    for name in names:
        if (
            len(name) >= 3
            and " " not in name
            and name[0].isupper()
            and name[1:] == name[1:].lower()
            and all(c.isalpha() or c in "-'" for c in name)
            and name.casefold() not in not_names
            and name not in EXCLUDED
            and not (name.lower() in ordinary and zipf_frequency(name.lower(), "en") >= COMMON_WORD_ZIPF)
        ):
            kept.add(name)
    return sorted(kept)


def main() -> int:
    if "--inside-build-venv" in sys.argv:
        names = collect()
        header = [
            "# First names of many origins, from the name lists of Faker (MIT licence) for the locales named in",
            "# scripts/build_name_lists.py, which writes this file; names that are also common English words,",
            "# places or topics are left out (see the script). One line of names per initial letter.",
        ]
        lines = [" ".join(n for n in names if n[0] == initial) for initial in sorted({n[0] for n in names})]
        OUT.write_text("\n".join(header + lines) + "\n", "utf-8")
        print(f"{len(names)} names -> {OUT}")
        return 0
    python = BUILD_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(BUILD_VENV)], check=True)  # noqa: S603 (fixed arguments, our own interpreter)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", *BUILD_REQUIREMENTS], check=True)  # noqa: S603 (fixed arguments, our own interpreter)
    subprocess.run([str(python), __file__, "--inside-build-venv"], check=True)  # noqa: S603 (fixed arguments, our own interpreter)
    return 0


if __name__ == "__main__":
    sys.exit(main())
