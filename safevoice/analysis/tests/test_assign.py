"""Assignment: each answer counted against agreed themes, several when it raises several, none when none fits."""

from __future__ import annotations

import numpy as np
import pytest

from safevoice.analysis.text.assignment import assign
from safevoice.analysis.text.evaluation import load_multilabel_set, multilabel_f1, split_examples

EXAMPLES = {
    "drugs": [
        "Dealers selling drugs outside the shops.",
        "Drug dealing in the park every day.",
        "The smell of cannabis everywhere.",
        "Crack users around the bus station.",
        "A drug house on our road.",
    ],
    "poor lighting": [
        "The streetlights are broken.",
        "Better lighting on the footpaths.",
        "It is too dark to walk home.",
        "The car park has no lights.",
        "Lamp posts on the estate are always out.",
    ],
    "knives": [
        "Boys carrying knives at school.",
        "A stabbing outside the chicken shop.",
        "Zombie knives sold to children.",
        "My nephew was stabbed for his phone.",
        "Knife crime scares me most.",
    ],
    "youth services": [
        "The youth club shut down.",
        "Nothing for teenagers to do in the evenings.",
        "More youth workers on the streets.",
        "Free holiday activities for kids.",
        "A safe space for young people to hang out.",
    ],
}


def test_each_answer_gets_the_themes_it_raises() -> None:
    result = assign(
        [
            "People dealing drugs near the school.",
            "The street lamps never work on our road.",
            "The streetlights are broken and dealers sell drugs in the dark.",
            "Since the youth club closed, the kids carry knives.",
        ],
        EXAMPLES,
    )
    assert result.row_themes[0] == ("drugs",)
    assert result.row_themes[1] == ("poor lighting",)
    assert result.row_themes[2] == ("drugs", "poor lighting")
    assert result.row_themes[3] == ("knives", "youth services")
    assert result.scores.shape == (4, 4)
    assert ((result.scores >= 0) & (result.scores <= 1)).all()


def test_an_answer_that_fits_no_theme_is_listed_and_a_blank_one_has_no_scores() -> None:
    result = assign(["I would like more bins for recycling.", "  "], EXAMPLES)
    assert result.row_themes == [(), ()]
    assert result.unmatched_rows() == [0, 1]
    assert not np.isnan(result.scores[0]).any()
    assert np.isnan(result.scores[1]).all()


def test_personal_details_do_not_sway_the_scores() -> None:
    plain = assign(["Drug dealing at the shops."], EXAMPLES).scores
    with_phone = assign(["Drug dealing at the shops, call 07700 900123."], EXAMPLES).scores
    assert with_phone[0, 0] > 0.5
    assert abs(plain[0, 0] - with_phone[0, 0]) < 0.2


def test_a_theme_with_a_single_example_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="too few for: alcohol"):
        assign(["anything"], {**EXAMPLES, "alcohol": ["Drunk people fighting.", " Drunk people fighting. "]})


def test_a_single_theme_is_refused() -> None:
    with pytest.raises(ValueError, match="at least two themes"):
        assign(["anything"], {"drugs": EXAMPLES["drugs"]})


def test_multilabel_set_f1_floor() -> None:
    """8 examples per theme from the 154 tagged comments; the rest scored (figures in docs/analysis.md)."""
    records = load_multilabel_set()
    assert len(records) >= 150
    examples, test = split_examples(records, per_theme=8)
    result = assign([r.text for r in test], examples)
    micro, macro = multilabel_f1([r.themes for r in test], result.row_themes)
    assert micro >= 0.7
    assert macro >= 0.7
