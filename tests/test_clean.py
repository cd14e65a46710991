"""Cleaning keeps article text and maps every kept character back to the raw text."""

from __future__ import annotations

from drugmine.clean import clean_text


def assert_offsets_exact(raw: str, clean) -> None:
    for i, ch in enumerate(clean.text):
        s, e = clean.starts[i], clean.ends[i]
        if ch.isspace() and e == s:
            continue  # synthetic separator
        piece = raw[s:e]
        assert piece == ch or (e - s > 1 and ch in clean.text), (i, ch, piece)


def test_crlf_text_maps_back_exactly():
    raw = "Dosing\r\n\r\nZorbatinib is taken daily.\r\nIt may cause rash.\r\n"
    clean, _ = clean_text(raw)
    assert "\r" not in clean.text
    i = clean.text.index("rash")
    s, e = clean.raw_span(i, i + 4)
    assert raw[s:e] == "rash"
    assert_offsets_exact(raw, clean)


def test_html_entities_and_emoji_map_to_their_source():
    raw = (
        "<html><body><p>Caf&eacute; note &amp; more 😀 text: diarrh&oelig;a and "
        "nausea&nbsp;occur.</p></body></html>"
    )
    clean, _ = clean_text(raw, "html")
    assert "Café note & more 😀 text" in clean.text
    i = clean.text.index("é")
    assert raw[slice(*clean.raw_span(i, i + 1))] == "&eacute;"
    j = clean.text.index("nausea")
    assert raw[slice(*clean.raw_span(j, j + 6))] == "nausea"
    k = clean.text.index("😀")
    assert raw[slice(*clean.raw_span(k, k + 1))] == "😀"


def test_html_drops_scripts_nav_captions_cookie_banners_and_ads():
    raw = """<html><head><style>.x{color:red}</style><script>var drug='aspirin';</script></head>
    <body><nav><a href="/">Home</a> | Drugs</nav>
    <div class="cookie-consent">We use cookies to improve this site.</div>
    <article><h1>Zorbatinib</h1><p>Zorbatinib treats follicular lymphoma.</p>
    <figure><img alt="Zorbatinib tablets" src="x.png"><figcaption>Pills of warfarin</figcaption>
    </figure></article>
    <div class="ad-slot">Try Slimzepatide today!</div>
    <footer>Contact: info@example.org</footer></body></html>"""
    clean, _ = clean_text(raw, "html")
    assert "Zorbatinib treats follicular lymphoma." in clean.text
    for junk in ("aspirin", "Home", "cookies", "warfarin", "Slimzepatide", "info@", "color"):
        assert junk not in clean.text


def test_plain_text_boilerplate_is_removed():
    raw = (
        "Drug guide\n\nVelotumab is used for gastric cancer.\n\n"
        "Advertisement\n\nBuy Slimzepatide online now!\n\n"
        "Image: a nurse preparing an infusion of cisplatin\n"
        "药物图片 自动生成\n"
        "Questions? Write to editor@example.com for details.\n\n"
        "References\n1. Smith J, et al. (2019). Velotumab trial. J Clin Oncol 12(3): 1-9.\n"
    )
    clean, dropped = clean_text(raw)
    assert "Velotumab is used for gastric cancer." in clean.text
    for junk in ("Slimzepatide", "nurse", "药物", "editor@", "Smith"):
        assert junk not in clean.text
    assert dropped["references"] >= 1 and dropped["caption"] >= 2


def test_mojibake_is_repaired_but_offsets_point_at_raw_bytes():
    raw = "It doesnâ€™t usually cause hair loss. Itâ€™s given with food.\n"
    clean, _ = clean_text(raw)
    assert "doesn’t" in clean.text
    i = clean.text.index("doesn’t")
    s, e = clean.raw_span(i, i + len("doesn’t"))
    assert raw[s:e] == "doesnâ€™t"


def test_references_section_ends_at_next_prose():
    raw = "Sources:\n1. Doe A (2020). Title. Lancet.\n\nThe drug is well tolerated overall.\n"
    clean, _ = clean_text(raw)
    assert "Doe" not in clean.text
    assert "The drug is well tolerated overall." in clean.text


def test_one_boilerplate_line_in_an_html_page_does_not_take_the_article_with_it():
    # HTML blocks become lines with no blank line between them: the whole body is one
    # "paragraph", so a paragraph-wide rule must not drop it all
    paras = "".join(
        f"<p>Ribociclib paragraph {i} about its use in breast cancer.</p>" for i in range(12)
    )
    raw = (
        "<html><body><p>Usual disclaimer: I am a patient, not a doctor.</p>"
        f"{paras}<p>This is not a substitute for medical advice.</p>"
        "<p>Advertisement</p><p>Buy SuperPill now</p></body></html>"
    )
    clean, dropped = clean_text(raw, "html")
    assert "Usual disclaimer: I am a patient" in clean.text
    assert clean.text.count("Ribociclib paragraph") == 12
    assert "not a substitute" not in clean.text and "SuperPill" not in clean.text
    assert dropped["disclaimer"] == 1


def test_related_guides_line_with_links_is_dropped():
    raw = "Lapatinib causes diarrhoea.\n\nRelated guides: Tucatinib in practice | Rash care\n"
    clean, _ = clean_text(raw)
    assert "Tucatinib" not in clean.text and "Lapatinib causes diarrhoea." in clean.text


def test_wiki_category_line_is_dropped():
    raw = (
        "Ixazomib is a proteasome inhibitor.\n\nCategories: Antineoplastic drugs | Boronic acids\n"
    )
    clean, _ = clean_text(raw)
    assert "Boronic" not in clean.text and "proteasome inhibitor" in clean.text


def test_reader_comments_and_bylines_are_not_the_article():
    raw = (
        "Posted 2 May 2025 by Sam K. | Treatments | 2 comments\n\n"
        "Axitinib can cause high blood pressure.\n\n"
        "Share this post: Facebook | Email\n\n"
        "About the author: Sam has had kidney cancer since 2018.\n\n"
        "2 Comments\n\nLee - 3 May 2025\nI took pazopanib and lost my hair colour.\n\n"
        "Leave a comment\nYour email address will not be published.\n"
    )
    clean, dropped = clean_text(raw)
    assert "Axitinib can cause high blood pressure." in clean.text
    for junk in ("Posted", "Facebook", "since 2018", "pazopanib", "Leave a comment"):
        assert junk not in clean.text
    assert dropped["comments"] >= 3


def test_unclosed_comment_runs_to_the_end_as_in_a_browser():
    """Text after an unclosed `<!--` is a comment to the end of the page (HTML5
    eof-in-comment), not text."""
    from drugmine.clean import clean_text

    page = "<html><body><p>Aspirin treats pain.</p><!-- <p>Warfarin treats thrombosis.</p>\n"
    text = clean_text(page, "html")[0].text
    assert "Aspirin treats pain." in text and "Warfarin" not in text
    closed = page.replace("\n", " -->\n<p>Metformin treats diabetes.</p>")
    text = clean_text(closed, "html")[0].text
    assert "Warfarin" not in text and "Metformin treats diabetes." in text


def test_html_page_with_no_text_is_an_empty_file():
    """An HTML page with no text at all is `empty file`, like an empty .txt; a page whose
    only text is boilerplate stays `ok` (it has text, none of it article)."""
    from drugmine.pipeline import process
    from drugmine.types import RawDocument

    for page in (
        "<html><head><title></title><script>var x = 1;</script></head><body></body></html>",
        "<html><body><div> </div><ul><li></li><li> </li></ul><img src=a.png>&nbsp;</body></html>",
        "<!doctype html><html><body><!-- all of it a comment <p>Aspirin</p></body></html>",
    ):
        result = process(RawDocument("t", "t.html", page, kind="html"), model="none")
        assert (result.status, result.error) == ("error", "empty file (no text in the HTML)"), page
    result = process(RawDocument("t", "t.html", "<p>Aspirin treats pain.</p>", kind="html"),
                     model="none")  # fmt: skip
    assert result.status == "ok"


def test_a_numbered_breadcrumb_is_navigation_and_the_title_under_it_stays():
    raw = (
        "1. Home\n  2. Drugs A-Z\n  3. Nadolol\n\nNadolol\n\nBrand names: Corgard\n\n"
        "Nadolol is a beta blocker.\n"
    )
    clean, dropped = clean_text(raw)
    assert "Drugs A-Z" not in clean.text and dropped["nav"] >= 1
    assert clean.text.lstrip().startswith("Nadolol\n")  # the title is not alt text


def test_a_repeated_name_right_above_a_heading_is_still_alt_text():
    raw = "Nadolol\n\nNadolol is a beta blocker.\n\nNadolol\n\nHow does it work?\n\nIt blocks.\n"
    clean, dropped = clean_text(raw)
    assert clean.text.count("Nadolol") == 2 and dropped["caption"] >= 1
