"""Themes: answers about the same thing end up together, named by their words, quoted without personal details."""

from __future__ import annotations

import pytest

from safevoice.analysis.text import themes
from safevoice.analysis.text.themes import distinctive_words, find_themes

DRUGS = [
    "Drug dealing outside the shops every afternoon.",
    "Dealers selling drugs openly in the park.",
    "People dealing drugs from a house on our road.",
    "Drug dealers on bikes near the school.",
]
LIGHTING = [
    "The streetlights are broken on our road.",
    "Better street lighting in the park please.",
    "Streetlights switched off at midnight, it is too dark.",
    "The footpath has no lighting, it is dark and scary.",
]
ANSWERS = [*DRUGS, *LIGHTING]


def test_answers_about_the_same_thing_share_a_theme_named_by_its_words() -> None:
    result = find_themes(ANSWERS, n_themes=2)
    drug_theme = {result.row_themes[i] for i in range(4)}
    lighting_theme = {result.row_themes[i] for i in range(4, 8)}
    assert len(drug_theme) == 1
    assert len(lighting_theme) == 1
    assert drug_theme != lighting_theme
    drug_label = result.theme(drug_theme.pop()).label  # type: ignore[arg-type]
    light_label = result.theme(lighting_theme.pop()).label  # type: ignore[arg-type]
    assert "drug" in drug_label or "dealing" in drug_label
    assert "lighting" in light_label or "streetlights" in light_label


def test_the_number_of_themes_is_chosen_from_the_data_when_not_given() -> None:
    result = find_themes(ANSWERS)
    assert len(result.themes) == 2


def test_themes_are_numbered_by_size_and_blank_answers_get_none() -> None:
    result = find_themes([*ANSWERS, "   ", "", *DRUGS[:2]], n_themes=2)
    assert result.row_themes[8] is None
    assert result.row_themes[9] is None
    sizes = [t.size for t in result.themes]
    assert sizes == sorted(sizes, reverse=True) == [6, 4]
    assert [t.theme_id for t in result.themes] == [1, 2]


def test_quotes_are_redacted_and_come_from_the_theme() -> None:
    answers = [*ANSWERS, "Jason Smith deals drugs from 12 Abington Street, call 07700 900123"]
    result = find_themes(answers, n_themes=2)
    everything_quoted = " ".join(q for t in result.themes for q in t.quotes)
    assert "07700" not in everything_quoted
    assert "Abington Street" not in everything_quoted
    assert "Jason" not in " ".join(t.label for t in result.themes)
    for theme in result.themes:
        members = {result.redacted[i] for i, t in enumerate(result.row_themes) if t == theme.theme_id}
        assert set(theme.quotes) <= members
        assert 1 <= len(theme.quotes) <= 3


def test_the_same_input_gives_the_same_output() -> None:
    first = find_themes(ANSWERS * 3)
    second = find_themes(ANSWERS * 3)
    assert first == second


def test_labels_ignore_placeholders_and_common_words() -> None:
    words = distinctive_words(
        [["Call [PHONE] about the drugs", "drugs again"], ["the lights are out", "lights"]]
    )
    assert words[0][0] == "drugs"
    assert words[1][0] == "lights"
    assert all("phone" not in w for group in words for w in group)


def test_a_number_of_themes_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        find_themes(ANSWERS, n_themes=0)


def test_beyond_the_ward_sample_every_answer_joins_the_nearest_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    """Large inputs build the tree on a fixed sample and place the rest by nearest centre (5,000 in use)."""
    monkeypatch.setattr(themes, "WARD_SAMPLE", 6)
    answers = ANSWERS * 4
    first = find_themes(answers, n_themes=2)
    assert first == find_themes(answers, n_themes=2)
    assert all(t is not None for t in first.row_themes)
    assert len({first.row_themes[i] for i in range(0, 32, 8)}) == 1  # the same answer, wherever it sits
    drug_rows = {first.row_themes[i + j] for i in range(0, 32, 8) for j in range(4)}
    lighting_rows = {first.row_themes[i + j] for i in range(0, 32, 8) for j in range(4, 8)}
    assert len(drug_rows) == 1
    assert len(lighting_rows) == 1
    assert drug_rows != lighting_rows


def test_a_label_does_not_repeat_a_word_in_another_form() -> None:
    words = distinctive_words(
        [
            ["knives at school", "a knife at school", "knives and knife crime", "knife"],
            ["the lights are out", "no lighting", "lights broken"],
        ]
    )
    assert "knife" not in words[0] or "knives" not in words[0]
    assert "lights" not in words[1] or "lighting" not in words[1]


# What residents raise, each in a few wordings, and where and when: enough for thousands of different comments.
_SUBJECTS = [
    ("drug dealing", ["dealers selling drugs", "people dealing weed", "crack dealers"]),
    ("knife crime", ["lads carrying knives", "a stabbing", "teenagers with blades"]),
    ("street lighting", ["broken streetlights", "no lighting at all", "lamp posts that never work"]),
    ("youth club", ["the youth club closing", "nothing for teenagers to do", "no youth workers"]),
    ("police patrols", ["never seeing police on foot", "no PCSOs around", "police taking hours to come"]),
    ("drunken fights", ["drunk men fighting", "bars open too late", "brawls outside the pubs"]),
    ("domestic abuse", ["domestic abuse behind closed doors", "a violent partner", "the refuge always full"]),
    ("county lines", ["county lines gangs", "children running drugs for gangs", "kids groomed by dealers"]),
    ("cctv", ["no CCTV cameras", "broken cameras", "cameras nobody watches"]),
    ("speeding cars", ["cars racing at night", "boy racers speeding", "cars doing 60 past the school"]),
    ("litter", ["litter everywhere", "rubbish dumped in alleys", "overflowing bins"]),
    (
        "antisocial noise",
        ["loud music all night", "shouting in the street at 3am", "noisy neighbours partying"],
    ),
    ("buses", ["no buses after seven", "bus stops with no shelter", "the last bus being cancelled"]),
    (
        "harassment of women",
        ["women harassed at night", "catcalling on the high street", "girls followed home"],
    ),
    (
        "mental health",
        ["no mental health support", "waiting months for counselling", "crisis team never answering"],
    ),
    ("housing", ["damp council flats", "overcrowded housing", "empty houses squatted"]),
    (
        "schools",
        ["fights at the school gates", "bullying at school", "exclusions leaving kids on the street"],
    ),
    ("dogs", ["dangerous dogs off leads", "dog fouling on the paths", "status dogs used to intimidate"]),
    ("graffiti", ["graffiti on every wall", "vandalised bus shelters", "smashed windows"]),
    ("parks", ["the park feeling unsafe", "needles in the playground", "gangs in the park"]),
    ("shoplifting", ["shoplifters in the Co-op", "thefts from shops", "security guards threatened"]),
    ("burglary", ["burglaries on our street", "sheds broken into", "a break-in next door"]),
    ("scams", ["scam phone calls to old people", "online fraud", "doorstep conmen"]),
    ("cycling", ["bikes stolen from the station", "no safe cycle lanes", "e-scooters on the pavement"]),
    (
        "racism",
        ["racist abuse in the street", "hate crime against Polish families", "people told to go home"],
    ),
]
_WHERE = [
    "in Corby",
    "in Kettering",
    "near the shops",
    "on the estate",
    "in the town centre",
    "by the station",
]
_HOW = [
    "I am worried about {x} {w}.",
    "{X} {w} is the biggest problem.",
    "We need action on {x} {w}.",
    "{X} {w}.",
]


def _comments(n: int) -> list[str]:
    out = []
    for i in range(n):
        _, wordings = _SUBJECTS[i % len(_SUBJECTS)]
        x = wordings[(i // len(_SUBJECTS)) % len(wordings)]
        w = _WHERE[(i // 7) % len(_WHERE)]
        how = _HOW[(i // 3) % len(_HOW)]
        out.append(how.format(x=x, X=x[0].upper() + x[1:], w=w) + ("" if i % 11 else " Honestly."))
    return out


def test_a_few_thousand_comments_get_tens_of_themes_each_named_by_words() -> None:
    comments = _comments(3000)
    result = find_themes(comments)
    assert 20 <= len(result.themes) <= 50
    labels = [t.label for t in result.themes]
    assert len(set(labels)) == len(labels)
    for label in labels:
        assert not label.lower().removeprefix("theme").strip().isdigit()
        assert any(c.isalpha() for c in label)


def test_the_default_number_of_themes_grows_with_the_answers_within_bounds() -> None:
    assert themes.default_number_of_themes(8) == 2
    assert themes.default_number_of_themes(200) == 10
    assert 40 <= themes.default_number_of_themes(4500) <= 50
    assert themes.default_number_of_themes(100_000) == themes.MAX_AUTOMATIC_THEMES


def test_a_theme_of_answers_made_only_of_common_words_is_named_by_what_people_wrote() -> None:
    labels = themes.theme_labels(
        [["Nothing.", "nothing", "None", "Nothing!"], ["Drug dealing by the shops", "drugs in the park"]]
    )
    assert labels[0][0].startswith("“nothing”")
    assert "drug" in labels[1][0]


def test_two_themes_with_the_same_words_get_different_labels() -> None:
    same = ["drugs dealing park", "drugs dealing park shops"]
    labels = themes.theme_labels([same, same, ["lighting streets"]])
    assert labels[0][0] != labels[1][0]
