"""The safe XML reader: elements with positions; DTDs and entities refused, never expanded."""

from __future__ import annotations

import pytest

from archlint.formats import xmlpos


def test_elements_keep_their_line_column_and_text() -> None:
    root = xmlpos.load(
        '<?xml version="1.0"?>\n<m:project xmlns:m="urn:x" m:id="7">\n'
        "  <name>a &amp; b&#33;</name>\n  <deps><dep/><dep/></deps>\n</m:project>\n"
    )
    assert (root.tag, root.line, root.attrs) == ("project", 2, {"id": "7", "m": "urn:x"})
    name = root.child("name")
    assert name is not None and (name.line, name.column, name.text) == (3, 3, "a & b!")
    assert root.text_of("name") == "a & b!" and root.text_of("missing") is None
    deps = root.child("deps")
    assert deps is not None and len(deps.all("dep")) == 2
    assert [e.tag for e in root.walk()] == ["project", "name", "deps", "dep", "dep"]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "document type declaration", 1),
        ('<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "http://h/x.dtd"><x/>', "not read", 2),
        ("<x>&undefined;</x>", "undefined entity", 1),
        ("<x>\n<y>\n</x>", "mismatched tag", 3),
        ("", "no element found", 1),
        ("<a/><b/>", "junk after document element", 1),
    ],
)
def test_bad_or_unsafe_xml_is_an_error_with_its_line(text: str, message: str, line: int) -> None:
    with pytest.raises(xmlpos.XmlError) as caught:
        xmlpos.load(text)
    assert message in str(caught.value) and caught.value.line == line
