"""Bounded resources and echoes (issue 12, point 6): ``diff`` limits, the element-count guard of
the safe parser, echoed values capped in length, outputs created with the umask's mode."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

import elhub_cim
from elhub_cim.cli import main
from elhub_cim.core.errors import MAX_MESSAGE_CHARS, MalformedXmlError, Problem, shorten
from elhub_cim.core.safeparse import estimated_elements, parse_bytes
from elhub_cim.core.xmlcompare import canonical, canonical_lines, differences, same_xml
from elhub_cim.monitor.extract import write_events
from elhub_cim.pipeline import write_file

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml"


# -- diff ----------------------------------------------------------------------------------------


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def test_diff_refuses_inputs_over_max_bytes(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["diff", str(EXAMPLE), str(EXAMPLE), "--max-bytes", "100"])
    assert result.exit_code == 2
    assert "XML_TOO_LARGE" in result.stderr


def test_diff_refuses_documents_over_max_nodes(tmp_path: Path) -> None:
    left = _write(tmp_path / "a.xml", b"<r>" + b"<a>1</a>" * 600 + b"</r>")
    right = _write(tmp_path / "b.xml", b"<r>" + b"<a>2</a>" * 600 + b"</r>")
    result = CliRunner().invoke(main, ["diff", left, right, "--max-nodes", "1000"])
    assert result.exit_code == 2
    assert "DIFF_TOO_LARGE more than 1000 elements, attributes and texts" in result.stderr
    assert CliRunner().invoke(main, ["diff", left, right]).exit_code == 1  # within the default


def test_diff_cannot_compare_is_exit_2_not_1(tmp_path: Path) -> None:
    broken = _write(tmp_path / "broken.xml", b"<r><a></r>")
    result = CliRunner().invoke(main, ["diff", str(EXAMPLE), broken])
    assert result.exit_code == 2
    assert "XML_MALFORMED" in result.stderr


def test_diff_of_many_attributes_is_linear(tmp_path: Path) -> None:
    """100,000 attributes took 58 s (lxml's items() is quadratic; so is C14N's writer)."""
    attributes = " ".join(f'a{i}="{i}"' for i in range(100_000))
    left = _write(tmp_path / "a.xml", f'<r xmlns="urn:x" {attributes}/>'.encode())
    right = _write(tmp_path / "b.xml", f'<r xmlns="urn:x" {attributes} z="1"/>'.encode())
    started = time.monotonic()
    result = CliRunner().invoke(main, ["diff", left, right])
    assert time.monotonic() - started < 30  # about 1 s; several minutes before
    assert result.exit_code == 1
    assert '+<n0:r xmlns:n0="urn:x" a0="0"' in result.stdout
    assert all(len(line) <= 1000 for line in result.stdout.splitlines())  # lines are cut


def test_diff_of_many_lines_with_few_distinct_values_is_bounded(tmp_path: Path) -> None:
    """difflib's matcher is about cubic in lines that recur, none of them often enough to be
    its "junk": 20,000 such elements took a minute, 40,000 over five (max_nodes allows
    500,000). The diff is still a true one: applied to the left lines, it gives the right."""
    left = b"<r>" + b"".join(b"<a>%d</a>" % (i % 150) for i in range(40_000)) + b"</r>"
    right = b"<r>" + b"".join(b"<a>%d</a>" % (i * 7 % 151) for i in range(40_000)) + b"</r>"
    started = time.monotonic()
    found = differences(left, right)
    assert time.monotonic() - started < 20  # about 1 s; minutes before
    _assert_patches(left, right, found)


def test_diff_of_parts_of_few_values_between_unique_lines_is_bounded() -> None:
    """Each part between two lines found once was given to difflib without its junk heuristic:
    2,000 lines of two values took 2 s, and 20 such parts 40 s."""
    import random

    chance = random.Random(5)

    def side() -> bytes:
        parts = (
            b"<u>%d</u>" % part + b"".join(b"<a>%d</a>" % chance.randrange(2) for _ in range(1900))
            for part in range(20)
        )
        return b"<r>" + b"".join(parts) + b"</r>"

    left, right = side(), side()
    started = time.monotonic()
    found = differences(left, right)
    assert time.monotonic() - started < 10  # well under 1 s
    _assert_patches(left, right, found)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (b"<r><a>1</a><b>2</b><c>3</c></r>", b"<r><a>1</a><b>5</b><c>3</c></r>"),
        (b"<r>" + b"<a>1</a>" * 3000 + b"<x/>" + b"<a>1</a>" * 3000 + b"</r>", b"<r><x/></r>"),
        (
            b"<r>" + b"".join(b"<p>%d</p><q>%d</q>" % (i, i % 7) for i in range(6000)) + b"</r>",
            b"<r>" + b"".join(b"<p>%d</p><q>%d</q>" % (i, i % 5) for i in range(6000)) + b"</r>",
        ),
    ],
)  # fmt: skip
def test_a_diff_applied_to_the_left_gives_the_right(left: bytes, right: bytes) -> None:
    _assert_patches(left, right, differences(left, right))


def _assert_patches(left: bytes, right: bytes, diff: list[str]) -> None:
    """Apply the unified ``diff`` to the left document's canonical lines: the right's."""
    a, b = (canonical_lines(etree.fromstring(side)) for side in (left, right))
    assert diff[:2] == ["--- left", "+++ right"]
    result: list[str] = []
    at = 0  # lines of a taken
    for line in diff[2:]:
        if line.startswith("@@"):
            start = int(line.split()[1][1:].split(",")[0])
            start = start - 1 if start else 0
            if "," in line.split()[1] and line.split()[1].endswith(",0"):
                start += 1
            result += a[at:start]
            at = start
        elif line[:1] == " ":
            assert a[at] == line[1:]
            result.append(a[at])
            at += 1
        elif line[:1] == "-":
            assert a[at] == line[1:]
            at += 1
        else:
            assert line[:1] == "+"
            result.append(line[1:])
    assert result + a[at:] == b


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (
            b'<a xmlns="urn:x" b="1" c="2"><d> x </d></a>',
            b'<p:a xmlns:p="urn:x" c="2" b="1"><p:d>x</p:d></p:a>',
        ),
        (b"<a><!-- c --><b/>\n  </a>", b"<a><b></b></a>"),
        (b'<a xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:schemaLocation="s"/>', b"<a/>"),
        (b'<a xmlns:p="urn:p" p:b="1"/>', b'<a xmlns:p="urn:q" p:b="1"/>'),
        (b"<a>x<b/>y</a>", b"<a>x<b/>z</a>"),
        (b'<a b="1"/>', b'<a b="2"/>'),
        (b'<a xmlns="urn:x"/>', b'<a xmlns="urn:y"/>'),
        (b"<a><b/><c/></a>", b"<a><c/><b/></a>"),
    ],
)  # fmt: skip
def test_diff_agrees_with_c14n_2(left: bytes, right: bytes) -> None:
    assert (differences(left, right) == []) == (canonical(left) == canonical(right))


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        (b"<a><d> Ola</d></a>", b"<a><d>Ola</d></a>", False),  # a name's leading space is data
        (b"<a><d>Ola </d></a>", b"<a><d>Ola</d></a>", False),
        (b"<a><d>Ola  Nordmann</d></a>", b"<a><d>Ola Nordmann</d></a>", False),
        (b"<a>\n  <d>Ola</d>\n</a>", b"<a><d>Ola</d></a>", True),  # indentation is not
        (b"<a><d>  </d></a>", b"<a><d/></a>", True),  # nor is whitespace-only text
        (b"<a> x<b/></a>", b"<a>x<b/></a>", False),
    ],
)  # fmt: skip
def test_text_is_compared_as_it_is_and_indentation_ignored(
    left: bytes, right: bytes, same: bool
) -> None:
    assert (differences(left, right) == []) is same
    assert (canonical(left) == canonical(right)) is same


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        (b"<a><d>TRON<!--c-->DHEIM</d></a>", b"<a><d>TRONDHEIM</d></a>", True),
        (b"<a><d>TRON<!--c-->DHEIM</d></a>", b"<a><d>TRON<!--c-->XXXXXX</d></a>", False),
        (b"<a><d><?p x?>Ola</d></a>", b"<a><d><?p x?>Kari</d></a>", False),
        (b"<a><d>Ola<!--c--></d></a>", b"<a><d>Ola</d></a>", True),
        (b"<a><b/><!--c-->x<c/></a>", b"<a><b/>x<c/></a>", True),
        (b"<a><b/><!--c-->x<c/></a>", b"<a><b/><!--c-->y<c/></a>", False),
        (b"<a><!--c-->x<b/></a>", b"<a>x<b/></a>", True),
    ],
)  # fmt: skip
def test_comments_and_pis_of_a_tree_built_elsewhere_keep_their_text(
    left: bytes, right: bytes, same: bool
) -> None:
    """A root parsed with its comments and processing instructions (``differences`` takes parsed
    roots): the text after one is still the element's text (it was dropped, so 'Ola' and 'Kari'
    after a comment compared equal)."""
    trees = [etree.fromstring(side) for side in (left, right)]
    assert (differences(*trees) == []) is same
    assert (differences(left, right) == []) is same  # as bytes, parsed without them


def test_entities_of_a_dtd_are_refused_not_compared_as_nothing() -> None:
    """``&e;`` was left unresolved and then skipped: documents whose entities stand for other
    values compared equal, and ``same_xml`` raised AttributeError from lxml's C14N writer."""
    left = b'<!DOCTYPE r [<!ENTITY e "Ola">]><r><d>&e;</d></r>'
    right = b'<!DOCTYPE r [<!ENTITY e "Kari">]><r><d>&e;</d></r>'
    for compare in (differences, same_xml):
        with pytest.raises(MalformedXmlError) as refused:
            compare(left, right)
        assert refused.value.code == "XML_DTD_FORBIDDEN"
    parser = etree.XMLParser(resolve_entities=False)
    trees = [etree.fromstring(side, parser) for side in (left, right)]
    with pytest.raises(MalformedXmlError) as refused:
        differences(*trees)  # a tree with its entity references unresolved
    assert "entity reference &e;" in refused.value.problems[0].message


# -- the safe parser's element guard -------------------------------------------------------------


def test_pathological_documents_under_the_byte_limit_are_refused_before_parsing() -> None:
    data = b"<r>" + b"<a/>" * 1_500_000 + b"</r>"  # 6 MB: 2 GB of tree at 15.5 M elements
    result = elhub_cim.validate(data)
    assert [p.code for p in result.problems] == ["XML_TOO_MANY_ELEMENTS"]
    assert "over the limit of 1000000" in result.problems[0].message
    # The limit is a parameter (metering data documents may need more).
    assert len(parse_bytes(data, max_elements=2_000_000).root) == 1_500_000


def test_the_element_estimate_counts_start_tags_in_utf8_and_utf16() -> None:
    text = '<?xml version="1.0"?><!-- c --><r><a>1</a><b x="<"/><![CDATA[x]]></r>'
    assert estimated_elements(text.encode("utf-8")) == 4  # r, a, b and the "<" in a value
    for codec in ("utf-16-le", "utf-16-be"):
        assert estimated_elements(text.encode(codec)) == 4


# -- echoes --------------------------------------------------------------------------------------


def test_a_namespace_of_megabytes_is_echoed_short(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.xml", f'<Root xmlns="urn:no:elhub:{"x" * 5_000_000}"/>'.encode())
    result = CliRunner().invoke(main, ["validate", path])
    assert result.exit_code == 1
    assert "DOC_UNKNOWN unknown namespace 'urn:no:elhub:xxx" in result.output
    assert "(root element 'Root')" in result.output
    assert len(result.output) < 1000


def test_problems_cap_what_they_echo() -> None:
    problem = Problem("X", "value " + "9" * 10_000, path="/a" * 5000)
    assert len(problem.message) == MAX_MESSAGE_CHARS
    assert problem.message.endswith("(10006 characters)")
    assert problem.path is not None
    assert len(problem.path) == MAX_MESSAGE_CHARS
    assert problem.with_file("f").message == problem.message  # capping twice changes nothing
    assert shorten("abc", 10) == "abc"


# -- file modes ----------------------------------------------------------------------------------


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("umask")
def test_outputs_get_the_umask_mode(tmp_path: Path) -> None:
    write_file(tmp_path / "a.xml", b"<a/>")
    assert (tmp_path / "a.xml").stat().st_mode & 0o777 == 0o644  # was 0o600 whatever the umask
    os.umask(0o077)
    write_file(tmp_path / "b.xml", b"<a/>")
    assert (tmp_path / "b.xml").stat().st_mode & 0o777 == 0o600
    os.chmod(tmp_path / "a.xml", 0o640)
    write_file(tmp_path / "a.xml", b"<b/>", overwrite=True)
    assert (tmp_path / "a.xml").stat().st_mode & 0o777 == 0o640  # a replaced file keeps its mode


@pytest.mark.usefixtures("umask")
def test_the_monitor_event_file_gets_the_umask_mode(tmp_path: Path) -> None:
    write_events([], tmp_path / "events.csv")
    assert (tmp_path / "events.csv").stat().st_mode & 0o777 == 0o644


def test_monitor_report_refuses_days_out_of_range(tmp_path: Path) -> None:
    """--from 0001-01-01 was an OverflowError traceback."""
    log = ROOT / "examples" / "monitor" / "actor-log.csv"
    for option, day in (("--from", "0001-01-01"), ("--to", "9999-12-31")):
        result = CliRunner().invoke(main, ["monitor", "report", str(log), option, day])
        assert result.exit_code == 2, result.output
        assert isinstance(result.exception, SystemExit)
        assert f"DATE_OUT_OF_RANGE the {'first' if option == '--from' else 'last'} day" in (
            result.stderr
        )


def test_monitor_report_bounds_the_period(tmp_path: Path) -> None:
    """One event dated 9999 made a report of three million days (minutes, then memory)."""
    log = (ROOT / "examples" / "monitor" / "actor-log.csv").read_text(encoding="utf-8")
    header, first = log.splitlines()[:2]
    far = first.replace(first.split(",")[1][:10], "9999-12-29")
    events = tmp_path / "events.csv"
    events.write_text("\n".join([header, first, far]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["monitor", "report", str(events)])
    assert result.exit_code == 2, result.output
    assert "EVENTS_PERIOD_TOO_LONG the period runs from" in result.stderr
    bounded = CliRunner().invoke(main, ["monitor", "report", str(events), "--to", "2026-12-31"])
    assert bounded.exit_code == 0, bounded.output
