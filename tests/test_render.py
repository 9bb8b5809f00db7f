import re

import pytest
import yaml

from generator.render import external_link, front_matter, link, md_text


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "![x](data:text/html;base64,PHNjcmlwdD4=)",
        "{{ config }} {% raw %}",
        "!!! danger \"Title\"",
        "=== \"Tab\"",
        "--8<-- \"/etc/passwd\"",
        "# not a heading",
        "1996. not a list",
        "*emphasis* _under_ `code` ~~strike~~",
        "{: onclick=\"alert(1)\" }",
    ],
)
def test_md_text_leaves_no_markup_characters(hostile):
    escaped = md_text(hostile)
    without_refs = re.sub(r"&#\d+;", "", escaped)
    assert not set(without_refs) & set("<>[]()`*_{}#!|=~&\"'")
    assert not re.match(r"^\d+\.", escaped)
    # Character references decode back to the original text.
    import html

    assert html.unescape(escaped) == hostile


def test_link_refuses_unsafe_targets():
    assert link("A & B", "../actors/a-b.md") == "[A &#38; B](../actors/a-b.md)"
    with pytest.raises(ValueError):
        link("x", "javascript:alert(1)")
    with pytest.raises(ValueError):
        link("x", "../../../etc/passwd")


def test_external_link_only_for_http_urls():
    assert external_link("Wire", "https://example.org/a") == "[Wire](<https://example.org/a>)"
    assert external_link("Wire", "javascript:alert(1)") == "Wire"
    assert external_link("Wire", None) == "Wire"


def test_front_matter_round_trips_hostile_values():
    data = {"id": "---\nkey: value: \"quoted\" !!python/object:os.system", "list": ["#", "- x"]}
    text = str(front_matter(data))
    assert text.startswith("---\n") and text.endswith("---\n")
    # Every generated page is left out of Material's search index (ours answers searches).
    assert yaml.safe_load(text[4:-4]) == {**data, "search": {"exclude": True}}


def test_front_matter_title_is_html_escaped_for_the_theme():
    text = str(front_matter({"title": '<script>alert("x")</script> & co', "description": '"><img src=x onerror=alert(1)>'}))
    meta = yaml.safe_load(text[4:-4])
    assert meta["title"] == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"
    assert "<" not in meta["description"] and '"' not in meta["description"]
