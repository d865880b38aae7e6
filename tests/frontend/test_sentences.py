"""The sentence splitter: boundaries where papers and READMEs put them, none inside abbreviations."""
import pytest

from claimcheck.frontend.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize("text, expected", [
    # abbreviations common in papers
    ("We use e.g. ResNet-50 here. It is fast.", ["We use e.g. ResNet-50 here.", "It is fast."]),
    ("One model, i.e. ViT-B, wins. Next.", ["One model, i.e. ViT-B, wins.", "Next."]),
    ("Smith et al. (2020) report 2x. We agree.", ["Smith et al. (2020) report 2x.", "We agree."]),
    ("See Fig. 3 and Tab. 2 for details. Eq. 4 holds.", ["See Fig. 3 and Tab. 2 for details.", "Eq. 4 holds."]),
    ("Ours vs. Theirs is close. Done.", ["Ours vs. Theirs is close.", "Done."]),
    ("Compare (cf. Sec. 4) results. Done.", ["Compare (cf. Sec. 4) results.", "Done."]),
    # decimals and units never split; a unit at the end of a sentence does
    ("It is 3.2x faster with 86.6M params. Next one.", ["It is 3.2x faster with 86.6M params.", "Next one."]),
    ("Latency is 5 ms. We also train for 20 min. Then stop.",
     ["Latency is 5 ms.", "We also train for 20 min.", "Then stop."]),
    # initials and dotted abbreviations
    ("The method of J. Smith works. The U.S. team won.", ["The method of J. Smith works.", "The U.S. team won."]),
    # closing brackets and quotes belong to the sentence they end
    ("It works (see above). Next.", ["It works (see above).", "Next."]),
    ('He called it "fast." Then left.', ['He called it "fast."', "Then left."]),
    ("Is it fast? Yes! Very.", ["Is it fast?", "Yes!", "Very."]),
    # citation placeholders may start a sentence
    ("As shown in [cite]. [cite] show the opposite.", ["As shown in [cite].", "[cite] show the opposite."]),
    ("Prior work [12]. [13] disagrees.", ["Prior work [12].", "[13] disagrees."]),
    # numbered lists: one item per sentence, the enumerator is not a sentence of its own
    ("1. Train the model.\n2. Prune it\n3. Evaluate", ["1. Train the model.", "2. Prune it", "3. Evaluate"]),
    ("Steps:\n- train\n- prune", ["Steps:", "- train", "- prune"]),
    # "No." is an abbreviation only before a number
    ("Ref. No. 5 is here. No. We refuse.", ["Ref. No. 5 is here.", "No.", "We refuse."]),
    ("CNNs, RNNs, etc. The best wins.", ["CNNs, RNNs, etc.", "The best wins."]),
    # a lower-case word after a period is not a new sentence
    ("The model is v2. it is not.", ["The model is v2. it is not."]),
])
def test_split(text, expected):
    assert sentences(text) == expected


def test_offsets_are_trimmed_and_exact():
    text = "  First one.   Second one.  "
    spans = split_sentences(text)
    assert spans == [(2, 12), (15, 26)]
    assert [text[a:b] for a, b in spans] == ["First one.", "Second one."]


def test_empty_and_whitespace():
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []


def test_no_terminal_punctuation_is_one_sentence():
    assert sentences("Throughput of 1,200 img/s on one A100") == ["Throughput of 1,200 img/s on one A100"]
