from nlp.clean import clean_for_nlp, normalise_for_hash, repair_text


def test_mojibake_from_cp1252_and_macroman_is_repaired_line_by_line():
    fixed = repair_text("Itâ€™s fine\nIt‚Äôs great ‚Äî really")
    assert fixed == "It’s fine\nIt’s great — really"


def test_clean_text_drops_transcriber_notes_embed_tags_and_html():
    display = 'So [inaudible 00:03:49] we <b>grew</b> fast [crosstalk] &amp; [bctt tweet="x y"] won.'
    clean = clean_for_nlp(display)
    assert clean.text == "So we grew fast & won."


def test_clean_offsets_map_back_to_the_display_text():
    display = "Hello [laughter] big <i>world</i> out there."
    clean = clean_for_nlp(display)
    i = clean.text.index("world")
    start, end = clean.to_source(i, i + len("world"))
    assert display[start:end] == "world"
    start, end = clean.to_source(0, len(clean.text))
    assert display[start:end] == display


def test_clean_keeps_ordinary_brackets_in_speech():
    assert clean_for_nlp("We use [our own] tool.").text == "We use [our own] tool."


def test_normalise_for_hash_ignores_case_and_spacing():
    assert normalise_for_hash("  Does that   make sense? ") == normalise_for_hash("does that make sense?")
