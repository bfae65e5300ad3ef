"""A wrong argument to the public API is the caller's mistake: a ValueError that names the
argument, raised when the call is made (before any source of a batch is read), never a refusal
of every document (each one "too large", or "has no CIM form")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import elhub_cim
from elhub_cim import convert_many, validate_many

EXAMPLE = Path(__file__).parent.parent / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml"
DATA = EXAMPLE.read_bytes()

NOT_LIMITS = [0, -1, None, "1000", 1.5, True]


def _untouched() -> tuple[list[int], Iterator[bytes]]:
    """Sources that count how many were taken."""
    taken: list[int] = []

    def sources() -> Iterator[bytes]:
        taken.append(1)
        yield DATA

    return taken, sources()


@pytest.mark.parametrize("to", ["CIM", "xml", None, "", "nordic"])
def test_a_target_that_is_none_of_the_three_is_refused_at_the_call(to: Any) -> None:
    with pytest.raises(ValueError, match="to is one of 'ebix', 'cim', 'nordic-ediel'"):
        elhub_cim.convert(DATA, to=to)
    taken, sources = _untouched()
    with pytest.raises(ValueError, match="to is one of"):
        convert_many(sources, to)
    assert not taken


@pytest.mark.parametrize("to", ["nordic-ediel", "CIM", None])
def test_from_domain_writes_ebix_or_cim_only(to: Any) -> None:
    model = elhub_cim.to_domain(DATA)
    with pytest.raises(ValueError, match="to is 'ebix' or 'cim'"):
        elhub_cim.from_domain(model, to=to)


@pytest.mark.parametrize("limit", NOT_LIMITS, ids=repr)
@pytest.mark.parametrize(
    "call",
    [
        lambda limit: elhub_cim.convert(DATA, to="cim", max_bytes=limit),
        lambda limit: elhub_cim.validate(DATA, max_bytes=limit),
        lambda limit: elhub_cim.parse(DATA, max_bytes=limit),
        lambda limit: elhub_cim.check(DATA, max_bytes=limit),
        lambda limit: elhub_cim.read(DATA, max_bytes=limit),
        lambda limit: elhub_cim.to_domain(DATA, max_bytes=limit),
    ],
    ids=["convert", "validate", "parse", "check", "read", "to_domain"],
)
def test_a_size_limit_that_is_not_a_whole_number_of_at_least_one_is_refused(
    call: Callable[[Any], object], limit: Any
) -> None:
    with pytest.raises(ValueError, match=f"max_bytes is a whole number, at least 1, not {limit!r}"):
        call(limit)


@pytest.mark.parametrize(
    ("limit", "number"),
    [
        ("01010012356", "01010012356"),
        (-15010100078, "15010100078"),
        (-15010100078.0, "15010100078"),
    ],
    ids=repr,
)
def test_a_size_limit_is_quoted_with_identity_numbers_masked(limit: Any, number: str) -> None:
    # (its repr was quoted as it was: a text, or a number's digits, that is an identity number)
    for call in (
        lambda: elhub_cim.convert(DATA, to="cim", max_bytes=limit),
        lambda: elhub_cim.validate(DATA, max_bytes=limit),
        lambda: elhub_cim.parse(DATA, max_bytes=limit),
    ):
        with pytest.raises(ValueError, match="max_bytes is a whole number, at least 1") as raised:
            call()
        assert number not in str(raised.value)


@pytest.mark.parametrize(
    ("keyword", "value", "message"),
    [("max_bytes", limit, "max_bytes is a whole number, at least 1") for limit in NOT_LIMITS]
    + [
        ("chunk", chunk, "chunk is a number of documents, at least 1")
        for chunk in (0, -3, "64", 1.5, True, None)
    ],
    ids=repr,
)
def test_the_batch_forms_refuse_a_wrong_argument_before_reading_a_source(
    keyword: str, value: Any, message: str
) -> None:
    for many in (
        lambda sources, **wrong: convert_many(sources, "cim", **wrong),
        lambda sources, **wrong: validate_many(sources, **wrong),
    ):
        taken, sources = _untouched()
        with pytest.raises(ValueError, match=message):
            many(sources, **{keyword: value})
        assert not taken


@pytest.mark.parametrize("limit", [0, -1, "1000"], ids=repr)
def test_the_streaming_forms_refuse_a_wrong_limit_too(limit: Any) -> None:
    from elhub_cim import stream

    with pytest.raises(ValueError, match="max_bytes is a whole number"):
        stream.validate_file(EXAMPLE, max_bytes=limit)


@pytest.mark.parametrize("moment", ["2026-01-01", 20260101], ids=repr)
def test_a_moment_to_judge_by_is_a_date_not_its_text(moment: Any) -> None:
    from elhub_cim import rules

    document, message_type = elhub_cim.check(DATA)
    for call in (
        lambda: elhub_cim.validate(DATA, as_of=moment),
        lambda: validate_many([DATA], as_of=moment),
        lambda: rules.check(document, message_type, as_of=moment),
    ):
        with pytest.raises(TypeError, match=r"as_of is a datetime\.date or datetime\.datetime"):
            call()
    # a date is one (every rule judged by the rules in force that day)
    assert elhub_cim.validate(DATA, as_of=date(2026, 1, 1)).valid


def test_options_are_conversion_options() -> None:
    with pytest.raises(TypeError, match="options is a ConversionOptions or None, not str"):
        elhub_cim.convert(DATA, to="cim", options="elhub")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="options is a ConversionOptions or None"):
        elhub_cim.to_domain(DATA, options={"elhub_glns": []})  # type: ignore[call-overload]


def test_max_elements_is_a_limit_too() -> None:
    with pytest.raises(ValueError, match="max_elements is a whole number, at least 1, not 0"):
        elhub_cim.parse(DATA, max_elements=0)


def test_the_smallest_limits_are_still_limits() -> None:
    # 1 is a limit like any other: this document is over it, and refused as such.
    with pytest.raises(elhub_cim.InputTooLargeError):
        elhub_cim.parse(DATA, max_bytes=1)
    result = elhub_cim.validate(DATA, max_bytes=1)
    assert not result.valid
    assert [p.code for p in result.problems] == ["XML_TOO_LARGE"]
    (refused,) = convert_many([DATA], "cim", max_bytes=1, chunk=1)
    assert isinstance(refused, elhub_cim.InputTooLargeError)
    assert elhub_cim.parse(DATA, max_bytes=len(DATA)).size == len(DATA)


def test_describe_takes_a_parsed_document_as_identify_does() -> None:
    document, message_type = elhub_cim.check(DATA)
    assert elhub_cim.describe(document, message_type).message_type == message_type.name
    for wrong in (DATA, DATA.decode(), EXAMPLE):
        with pytest.raises(TypeError, match=r"describe\(\) takes a ParsedDocument"):
            elhub_cim.describe(wrong, message_type)  # type: ignore[arg-type]


def test_reason_codes_take_problems_not_a_text() -> None:
    with pytest.raises(TypeError, match=r"reason_codes\(\) takes problems as a .*, not str"):
        elhub_cim.reason_codes("EH011")  # type: ignore[arg-type]
    assert elhub_cim.reason_codes(elhub_cim.validate(DATA)) == []


@pytest.mark.parametrize(
    ("value", "name", "message"),
    [
        (DATA, "<text>", "Text holds a document's text, a str, not bytes: pass the bytes"),
        (bytearray(DATA), "<text>", "Text holds a document's text, a str, not bytearray"),
        (None, "<text>", "Text holds a document's text, a str, not NoneType"),
        (EXAMPLE, "<text>", f"Text holds a document's text, a str, not {type(EXAMPLE).__name__}"),
        (DATA.decode(), None, "Text's name is a str, not NoneType"),
        (DATA.decode(), b"queue", "Text's name is a str, not bytes"),
    ],
    ids=["bytes", "bytearray", "None", "path", "name None", "name bytes"],
)
def test_text_holds_a_str_and_says_so_when_made(value: Any, name: Any, message: str) -> None:
    # (a message taken off a queue as bytes and wrapped: refused where the mistake is made,
    # not deep inside the first call that reads it, with an error about a regex pattern)
    with pytest.raises(TypeError, match=message):
        elhub_cim.Text(value, name=name)


@pytest.mark.parametrize("name", [5, b"queue.xml", EXAMPLE], ids=["int", "bytes", "path"])
@pytest.mark.parametrize(
    "call",
    [
        lambda name: elhub_cim.convert(DATA, to="cim", name=name),
        lambda name: elhub_cim.to_domain(DATA, name=name),
        lambda name: elhub_cim.validate(DATA, name=name),
        lambda name: elhub_cim.read(DATA, name=name),
        lambda name: elhub_cim.check(DATA, name=name),
        lambda name: elhub_cim.parse(DATA, name=name),
        lambda name: elhub_cim.acknowledge(DATA, name=name),
        lambda name: elhub_cim.confirm(DATA, name=name),
        lambda name: elhub_cim.reject(DATA, ["E17"], name=name),
    ],
    ids=[
        "convert",
        "to_domain",
        "validate",
        "read",
        "check",
        "parse",
        "acknowledge",
        "confirm",
        "reject",
    ],
)
def test_a_name_is_a_str_or_none(call: Callable[[Any], object], name: Any) -> None:
    # (convert and to_domain took any name and put it in their messages as the file, validate
    # failed deep inside on a str method)
    with pytest.raises(TypeError, match=f"name is a str or None, not {type(name).__name__}"):
        call(name)
    assert elhub_cim.convert(DATA, to="cim", name="queue 17").target.name


@pytest.mark.parametrize(
    ("expect", "given"),
    [
        ("StartOfSupplyRequest", "str"),
        (5, "int"),
        (str, "the class str"),
        (elhub_cim.domain.Header, "the class Header"),
    ],
    ids=["name", "int", "another class", "a model of no document"],
)
def test_to_domain_expects_a_domain_document_class(expect: Any, given: str) -> None:
    # (a name or a number failed inside isinstance, after the document was read; a class of
    # no document refused the document, as if it were another one: DOC_UNEXPECTED)
    with pytest.raises(TypeError, match=f"expect is a domain document class .*, not {given}"):
        elhub_cim.to_domain(DATA, expect)
    assert type(elhub_cim.to_domain(DATA, elhub_cim.domain.StartOfSupplyRequest)).__name__ == (
        "StartOfSupplyRequest"
    )


MANY = [
    lambda sources, **arguments: convert_many(sources, "cim", **arguments),
    lambda sources, **arguments: validate_many(sources, **arguments),
]


@pytest.mark.parametrize("many", MANY, ids=["convert_many", "validate_many"])
def test_names_not_as_many_as_the_sources_are_refused_at_the_call(many: Any) -> None:
    # (a ValueError of zip, "argument 2 is shorter than argument 1", came after the results of
    # those paired, and the first source without a name was taken and given no outcome)
    with pytest.raises(ValueError, match=r"names: 1 name for 3 sources, not as many"):
        many([DATA, DATA, DATA], names=["one.xml"])
    with pytest.raises(ValueError, match=r"names: 3 names for 2 sources, not as many"):
        many((DATA, DATA), names=("a", "b", "c"))


@pytest.mark.parametrize("many", MANY, ids=["convert_many", "validate_many"])
def test_a_source_past_the_last_name_is_reported_in_its_place(many: Any) -> None:
    taken: list[int] = []

    def sources() -> Iterator[bytes]:
        for number in range(4):
            taken.append(number)
            yield DATA

    outcomes = list(many(sources(), names=iter(["a.xml", "b.xml"])))
    assert taken == [0, 1, 2, 3]  # every source taken, each has its outcome, in order
    assert len(outcomes) == 4
    assert [getattr(o, "source", None) or o.document.header for o in outcomes[:2]]
    for number, outcome in enumerate(outcomes[2:], 3):
        assert isinstance(outcome, ValueError)
        assert str(outcome) == f"names: no name for source {number}: the names ran out after 2"


@pytest.mark.parametrize("many", MANY, ids=["convert_many", "validate_many"])
def test_names_left_over_are_an_error_after_every_source_s_outcome(many: Any) -> None:
    outcomes: list[Any] = []
    with pytest.raises(ValueError, match=r"names: more names than the 2 sources"):
        outcomes.extend(many(iter([DATA, DATA]), names=iter(["a", "b", "c"])))
    assert len(outcomes) == 2
    assert not any(isinstance(o, Exception) for o in outcomes)


@pytest.mark.parametrize("many", MANY, ids=["convert_many", "validate_many"])
@pytest.mark.parametrize(
    ("names", "message"),
    [
        ("ab", r"names: an iterable of names, not one name \(str\)"),
        (b"ab", r"names: an iterable of names, not one name \(bytes\)"),
        (5, r"names: an iterable of names \(str or None\), not int"),
    ],
    ids=["str", "bytes", "int"],
)
def test_names_are_an_iterable_of_names(many: Any, names: Any, message: str) -> None:
    taken, sources = _untouched()
    with pytest.raises(TypeError, match=message):
        many(sources, names=names)
    assert not taken


@pytest.mark.parametrize("many", MANY, ids=["convert_many", "validate_many"])
def test_a_name_that_is_no_str_is_that_input_s_error(many: Any) -> None:
    first, second, third = many([DATA, DATA, DATA], names=["a.xml", 5, None])
    assert isinstance(second, TypeError)
    assert str(second) == "names: each a str or None; number 2 is int"
    assert not isinstance(first, Exception)
    assert not isinstance(third, Exception)


@pytest.mark.parametrize("reasons", [5, None, 17.0], ids=repr)
def test_reject_takes_reasons_as_a_list_or_a_validation_result(reasons: Any) -> None:
    # (Python's "'int' object is not iterable", which names neither the argument nor reject)
    with pytest.raises(
        TypeError,
        match=rf"reject\(\) takes reasons as a list \(e\.g\. \[\"E17\"\]\) or a ValidationResult, "
        rf"not {type(reasons).__name__}",
    ):
        elhub_cim.reject(DATA, reasons)
    assert elhub_cim.reject(DATA, iter(["E17"])).document.reasons == ["E17"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("day", ["2026-01-01", 20260101, None, b"2026-01-01"], ids=repr)
def test_oslo_midnight_takes_a_date_not_its_text(day: Any) -> None:
    # (datetime.combine's "argument 1 must be datetime.date", naming neither day nor oslo_midnight)
    with pytest.raises(
        TypeError, match=rf"oslo_midnight takes day as a datetime\.date, not {type(day).__name__}"
    ):
        elhub_cim.oslo_midnight(day)
    assert elhub_cim.oslo_midnight(date(2026, 1, 1)).isoformat() == "2026-01-01T00:00:00+01:00"


@pytest.mark.parametrize("moment", [20260101, None, b"2026-01-01T00:00:00Z", 1.5], ids=repr)
@pytest.mark.parametrize(
    "helper", ["elhub_timestamp", "cim_timestamp", "norwegian_date", "is_oslo_midnight"]
)
def test_the_time_helpers_name_their_moment_and_what_it_takes(helper: str, moment: Any) -> None:
    # (datetime.combine's "argument 1 must be datetime.date", from deep inside)
    with pytest.raises(
        TypeError,
        match=rf"{helper} takes moment as an aware datetime\.datetime, a datetime\.date or a "
        rf"timestamp text \(str\), not {type(moment).__name__}",
    ):
        getattr(elhub_cim, helper)(moment)


@pytest.mark.parametrize("moment", ["01010012356", "2026-05-01", ""], ids=repr)
@pytest.mark.parametrize(
    "helper", ["elhub_timestamp", "cim_timestamp", "norwegian_date", "is_oslo_midnight"]
)
def test_the_time_helpers_name_a_text_that_is_no_timestamp(helper: str, moment: str) -> None:
    # ("not a date-time Elhub can carry: '01010012356'": no argument named, the text in the clear)
    with pytest.raises(ValueError, match=rf"{helper}\(\): moment is a timestamp text") as raised:
        getattr(elhub_cim, helper)(moment)
    assert "01010012356" not in str(raised.value)
    assert "expected YYYY-MM-DDThh:mm:ss" in str(raised.value)


@pytest.mark.parametrize("decimals", ["3", None, 1.5, True], ids=repr)
def test_decimals_are_a_whole_number(decimals: Any) -> None:
    # (a comparison of int and str failed inside, and True wrote one decimal)
    for helper in (elhub_cim.elhub_timestamp, elhub_cim.cim_timestamp):
        with pytest.raises(
            TypeError, match=rf"decimals is a whole number, 0 to 3, not {type(decimals).__name__}"
        ):
            helper(date(2026, 5, 1), decimals=decimals)
    assert elhub_cim.cim_timestamp(date(2026, 5, 1), decimals=1) == "2026-04-30T22:00:00.0Z"


@pytest.mark.parametrize(
    "document",
    [DATA, DATA.decode(), None, {"header": {}}, "header"],
    ids=["bytes", "str", "None", "dict", "a model of no document"],
)
def test_from_domain_takes_a_domain_document(document: Any) -> None:
    # (an UnsupportedDocumentError, "no mapping for bytes": as if a document had no CIM form)
    if document == "header":
        document = elhub_cim.to_domain(DATA).header
    given = type(document).__name__
    with pytest.raises(
        TypeError, match=rf"from_domain\(\) takes a domain document .*, not {given}"
    ):
        elhub_cim.from_domain(document, to="cim")


@pytest.mark.parametrize(
    ("as_type", "given"),
    [
        ("RequestStartOfSupply", "str"),
        (5, "int"),
        (str, "the class str"),
        (elhub_cim.domain.StartOfSupplyRequest, "the class StartOfSupplyRequest"),
    ],
    ids=["name", "int", "another class", "a domain model"],
)
def test_read_expects_a_binding_class(as_type: Any, given: str) -> None:
    # (a name or a number failed inside isinstance after the document was bound; a class of no
    # binding refused the document as another one, DOC_UNEXPECTED)
    with pytest.raises(TypeError, match=f"as_type is a message binding class .*, not {given}"):
        elhub_cim.read(DATA, as_type)
    binding = type(elhub_cim.read(DATA))
    assert isinstance(elhub_cim.read(DATA, binding), binding)


@pytest.mark.parametrize("many", MANY, ids=["convert_many", "validate_many"])
@pytest.mark.parametrize("sources", [5, None, 1.5], ids=repr)
def test_sources_are_an_iterable(many: Any, sources: Any) -> None:
    # (Python's "'int' object is not iterable", naming no argument)
    with pytest.raises(
        TypeError, match=rf"sources: an iterable of documents, not {type(sources).__name__}"
    ):
        many(sources)


@pytest.mark.parametrize("problems", [5, None, 1.5], ids=repr)
def test_reason_codes_and_acknowledge_take_problems_as_an_iterable(problems: Any) -> None:
    # (Python's "'int' object is not iterable", naming no argument)
    message = (
        rf"takes problems as a list of Problem or a ValidationResult, not {type(problems).__name__}"
    )
    with pytest.raises(TypeError, match=r"reason_codes\(\) " + message):
        elhub_cim.reason_codes(problems)
    if problems is not None:  # (None: acknowledge validates the document itself)
        with pytest.raises(TypeError, match=r"acknowledge\(\) " + message):
            elhub_cim.acknowledge(DATA, problems)


@pytest.mark.parametrize("item", [5, None, b"E17"], ids=repr)
def test_each_problem_is_a_problem(item: Any) -> None:
    # (AttributeError: 'int' object has no attribute 'severity')
    given = type(item).__name__
    with pytest.raises(
        TypeError, match=rf"reason_codes\(\): problem 2 is a {given}, not a Problem"
    ):
        elhub_cim.reason_codes([elhub_cim.Problem("EH015", "m"), item])
    with pytest.raises(TypeError, match=rf"acknowledge\(\): problem 2 is a {given}, not a Problem"):
        elhub_cim.acknowledge(DATA, [elhub_cim.Problem("EH015", "m"), item])
    with pytest.raises(
        TypeError,
        match=rf"reject\(\): reason 2 is a {given}, not an Elhub code \(str\) or a Problem",
    ):
        elhub_cim.reject(DATA, ["E17", item])


@pytest.mark.parametrize("to", ["CIM", "xml", "nordic-ediel", 5], ids=repr)
def test_a_reply_goes_in_ebix_or_cim(to: Any) -> None:
    # (acknowledge and reject: KeyError 'CIM' from deep inside; confirm: after the request was read)
    model: Any = elhub_cim.to_domain(DATA)
    for call in (
        lambda: elhub_cim.acknowledge(DATA, to=to),
        lambda: elhub_cim.acknowledge(model, to=to),
        lambda: elhub_cim.confirm(DATA, to=to),
        lambda: elhub_cim.reject(DATA, ["E17"], to=to),
        lambda: elhub_cim.reject(model, ["E17"], to=to),
    ):
        with pytest.raises(ValueError, match=rf"to is 'ebix', 'cim' or None, not {to!r}"):
            call()


def test_a_target_is_quoted_with_identity_numbers_masked() -> None:
    # (to's repr was quoted as given: to="01010012356" an identity number in the clear)
    to: Any = "born 01010012356"
    model: Any = elhub_cim.to_domain(DATA)
    for call in (
        lambda: elhub_cim.convert(DATA, to=to),
        lambda: convert_many([DATA], to),
        lambda: elhub_cim.from_domain(model, to=to),
        lambda: elhub_cim.acknowledge(DATA, to=to),
        lambda: elhub_cim.confirm(DATA, to=to),
        lambda: elhub_cim.reject(model, ["E17"], to=to),
    ):
        with pytest.raises(ValueError, match=r"to is .*, not 'born <masked") as raised:
            call()
        assert "01010012356" not in str(raised.value)


def test_a_reply_s_role_is_quoted_with_identity_numbers_masked() -> None:
    # (role's repr was quoted as given: role="01010012356" an identity number in the clear)
    with pytest.raises(ValueError, match=r"role is a Role or its code .*, not '<masked") as raised:
        elhub_cim.acknowledge(DATA, role="01010012356")
    assert "01010012356" not in str(raised.value)


@pytest.mark.parametrize("created", [20260101, b"2026-01-01T00:00:00Z", 1.5], ids=repr)
def test_a_reply_s_creation_time_is_a_moment(created: Any) -> None:
    # (a TypeError of elhub_timestamp, which the caller did not call, after the request was read)
    message = (
        r"created is an aware datetime\.datetime, a datetime\.date, a timestamp text \(str\) "
        rf"or None, not {type(created).__name__}"
    )
    for call in (
        lambda: elhub_cim.acknowledge(DATA, created=created),
        lambda: elhub_cim.confirm(DATA, created=created),
        lambda: elhub_cim.reject(DATA, ["E17"], created=created),
    ):
        with pytest.raises(TypeError, match=message):
            call()


@pytest.mark.parametrize(
    "created",
    ["x", "2026-05-01", "born 01010012356", datetime(2026, 5, 1)],  # (the last naive)
    ids=repr,
)
def test_a_reply_s_creation_time_that_is_no_moment_is_named(created: Any, tmp_path: Path) -> None:
    # ("not a date-time Elhub can carry: ...", or "a naive datetime is ambiguous", naming no
    # argument (or elhub_timestamp's moment), the text in the clear, after the request was read)
    missing = tmp_path / "missing.xml"  # (not read: the argument is refused first)
    for call in (
        lambda: elhub_cim.acknowledge(missing, created=created),
        lambda: elhub_cim.confirm(missing, created=created),
        lambda: elhub_cim.reject(missing, ["E17"], created=created),
    ):
        with pytest.raises(ValueError, match=r"^created is ") as raised:
            call()
        assert not isinstance(raised.value, elhub_cim.ElhubCimError)
        assert "01010012356" not in str(raised.value)


@pytest.mark.parametrize("value", [5, b"6eff62eb-b950-4e77-b341-ddc0d4de954c"], ids=repr)
@pytest.mark.parametrize("keyword", ["document_id", "payload_id", "physical_sender"])
def test_a_reply_s_identifiers_are_texts(keyword: str, value: Any) -> None:
    # (AttributeError 'int' object has no attribute 'lower'; physical_sender: REPLY_IMPOSSIBLE,
    # the received document blamed for the caller's argument)
    with pytest.raises(TypeError, match=rf"{keyword} is a str or None, not {type(value).__name__}"):
        elhub_cim.acknowledge(DATA, **{keyword: value})
    if keyword == "document_id":
        calls: list[Callable[[], object]] = [
            lambda: elhub_cim.confirm(DATA, document_id=value),
            lambda: elhub_cim.reject(DATA, ["E17"], document_id=value),
        ]
        for call in calls:
            with pytest.raises(TypeError, match=r"document_id is a str or None"):
                call()


GIVEN_ID = "5e73f420-6642-427f-840f-dd66f0aa94d2"


@pytest.mark.parametrize(
    "value",
    ["not a uuid", "", "{" + GIVEN_ID + "}", GIVEN_ID + "\n", GIVEN_ID + "0", "01010012356"],
    ids=repr,
)
def test_a_reply_s_ids_given_are_uuids(value: str) -> None:
    # (a ReplyError, REPLY_IMPOSSIBLE "document_id is not a UUID", of the received file: the
    # document blamed for the caller's argument)
    calls: list[tuple[str, Callable[[], object]]] = [
        ("document_id", lambda: elhub_cim.acknowledge(DATA, document_id=value)),
        ("payload_id", lambda: elhub_cim.acknowledge(DATA, payload_id=value)),
        ("document_id", lambda: elhub_cim.confirm(DATA, document_id=value)),
        ("document_id", lambda: elhub_cim.reject(DATA, ["E17"], document_id=value)),
    ]
    for keyword, call in calls:
        with pytest.raises(ValueError, match=rf"^{keyword} is a UUID \(8-4-4-4-12 hex") as raised:
            call()
        assert type(raised.value) is ValueError  # (not an ElhubCimError about the input)
        assert "01010012356" not in str(raised.value)
    upper = elhub_cim.acknowledge(DATA, document_id=GIVEN_ID.upper(), payload_id=GIVEN_ID.upper())
    assert upper.document.header.document_id == GIVEN_ID
    assert upper.document.original_payload_id == GIVEN_ID


@pytest.mark.parametrize("value", ["x", "708000505128", "70800050512860", "7080005051286 "])
def test_a_reply_s_physical_sender_is_a_gln(value: str) -> None:
    # (a ReplyError, REPLY_IMPOSSIBLE "the received document's header cannot be answered:
    # physical_sender String should match pattern", of the received file)
    with pytest.raises(ValueError, match=r"^physical_sender is a GLN \(13 digits\)") as raised:
        elhub_cim.acknowledge(DATA, physical_sender=value)
    assert type(raised.value) is ValueError
    given = elhub_cim.acknowledge(DATA, physical_sender="7080005051286")
    assert given.document.header.physical_sender == "7080005051286"
    left_empty = elhub_cim.acknowledge(DATA, physical_sender="")  # (the juridical sender)
    assert left_empty.document.header.physical_sender == left_empty.document.header.sender


@pytest.mark.parametrize(
    "codes", [["BOGUS"], [""], ["E17", "e17"], ["E17", "01010012356"]], ids=repr
)
def test_a_rejection_s_codes_are_elhub_reason_codes(codes: list[str], tmp_path: Path) -> None:
    # (UnsupportedDocumentError CONVERT_UNSUPPORTED "the ebix schema does not allow 'BOGUS'
    # here", of the request file; "" a pydantic ValidationError)
    number = len(codes)
    for request in (DATA, tmp_path / "missing.xml"):  # (before the request is read)
        with pytest.raises(
            ValueError, match=rf"^reject\(\): reason {number} .* is no Elhub reason code"
        ) as raised:
            elhub_cim.reject(request, codes)
        assert type(raised.value) is ValueError
        assert "01010012356" not in str(raised.value)


def test_a_rejection_s_code_is_one_its_standard_carries() -> None:
    # (A01 is a CIM reason code: an ebIX rejection cannot carry it)
    with pytest.raises(
        ValueError, match=r"^reject\(\): reason 2 'A01' is no code an ebix "
    ) as raised:
        elhub_cim.reject(DATA, ["E17", "A01"])
    assert type(raised.value) is ValueError
    rejected = elhub_cim.reject(DATA, ["E17", "A01"], to="cim").document
    assert rejected.reasons == ["E17", "A01"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("role", "error", "message"),
    [
        ("XYZ", ValueError, r"role is a Role or its code \(DDQ, DDM, .*\) or None, not 'XYZ'"),
        ("ddq", ValueError, r"role is a Role or its code \(DDQ, .*\) or None, not 'ddq'"),
        (5, TypeError, r"role is a Role, its code \(a str\) or None, not int"),
    ],
    ids=repr,
)
def test_a_reply_s_role_is_a_role(role: Any, error: type[Exception], message: str) -> None:
    # (a ReplyError, REPLY_IMPOSSIBLE: "the received document's header cannot be answered",
    # the document blamed for the caller's argument)
    with pytest.raises(error, match=message):
        elhub_cim.acknowledge(DATA, role=role)
    assert elhub_cim.acknowledge(DATA, role="DDQ").document.header.role == "DDQ"


@pytest.mark.parametrize(
    ("rule_sets", "message"),
    [
        ("elhub", r"rule_sets: an iterable of RuleSets, not one RuleSet \(str\)"),
        (5, r"rule_sets is an iterable of RuleSet or None, not int"),
        (["elhub"], r"rule_sets: rule set 1 is a str, not a RuleSet"),
    ],
    ids=repr,
)
def test_rule_sets_are_rule_sets(rule_sets: Any, message: str) -> None:
    # (AttributeError 'str' object has no attribute 'applies_to'; "'int' object is not iterable")
    from elhub_cim import rules

    document, message_type = elhub_cim.check(DATA)
    for call in (
        lambda: elhub_cim.validate(DATA, rule_sets=rule_sets),
        lambda: validate_many([DATA], rule_sets=rule_sets),
        lambda: rules.check(document, message_type, rule_sets=rule_sets),
    ):
        with pytest.raises(TypeError, match=message):
            call()
    assert elhub_cim.validate(DATA, rule_sets=[]).valid


@pytest.mark.parametrize("flag", ["no", "false", None, 1], ids=repr)
def test_a_yes_or_no_argument_is_a_bool(flag: Any) -> None:
    # ("no" and "false" are true: allow_loss="no" allowed losses, rules="false" ran the rules)
    model = elhub_cim.to_domain(DATA)
    calls: dict[str, list[Callable[[], object]]] = {
        "allow_loss": [
            lambda: elhub_cim.convert(DATA, to="cim", allow_loss=flag),
            lambda: convert_many([DATA], "cim", allow_loss=flag),
            lambda: elhub_cim.to_domain(DATA, allow_loss=flag),
            lambda: elhub_cim.from_domain(model, to="cim", allow_loss=flag),
        ],
        "pretty": [
            lambda: elhub_cim.convert(DATA, to="cim", pretty=flag),
            lambda: elhub_cim.from_domain(model, to="cim", pretty=flag),
            lambda: elhub_cim.write(elhub_cim.read(DATA), pretty=flag),
        ],
        "rules": [
            lambda: elhub_cim.convert(DATA, to="cim", rules=flag),
            lambda: elhub_cim.validate(DATA, rules=flag),
            lambda: validate_many([DATA], rules=flag),
        ],
        "strict": [
            lambda: elhub_cim.convert(DATA, to="cim", strict=flag),
            lambda: elhub_cim.validate(DATA, strict=flag),
            lambda: validate_many([DATA], strict=flag),
        ],
        "validate_output": [lambda: elhub_cim.write(elhub_cim.read(DATA), validate_output=flag)],
    }
    for name, each in calls.items():
        for call in each:
            with pytest.raises(
                TypeError, match=rf"{name} is True or False, not {type(flag).__name__}"
            ):
                call()


@pytest.mark.parametrize("brs", [102, b"BRS-NO-102"], ids=repr)
def test_a_brs_is_a_text(brs: Any) -> None:
    # (AttributeError 'removeprefix', or a bytes/str TypeError, from deep inside the Nordic lift)
    nordic = elhub_cim.convert(DATA, to="nordic-ediel", allow_loss=True).data
    for call in (
        lambda: elhub_cim.convert(nordic, to="ebix", brs=brs),
        lambda: convert_many([nordic], "ebix", brs=brs),
    ):
        with pytest.raises(TypeError, match=rf"brs is a str or None, not {type(brs).__name__}"):
            call()


@pytest.mark.parametrize(
    "brs", ["x", "", "NO102", "BRS-NO-999", "brs-no-102", " BRS-NO-102", "01010012356"], ids=repr
)
def test_a_brs_that_names_no_known_brs_is_refused_at_the_call(brs: str) -> None:
    # (with Nordic input: ProjectionError LIFT_INVALID of the document; with ebIX or CIM input
    # nothing at all, the caller's typo never seen)
    nordic = elhub_cim.convert(DATA, to="nordic-ediel", allow_loss=True).data
    for source in (nordic, DATA):
        with pytest.raises(ValueError, match=r"brs is .*BRS-NO-nnn") as raised:
            elhub_cim.convert(source, to="ebix", brs=brs, allow_loss=True)
        assert not isinstance(raised.value, elhub_cim.ElhubCimError)
        assert "01010012356" not in str(raised.value)
    taken, sources = _untouched()
    with pytest.raises(ValueError, match=r"brs is .*BRS-NO-nnn"):
        convert_many(sources, "cim", brs=brs)
    assert not taken


def test_a_local_process_code_given_as_brs_is_told_its_brs() -> None:
    with pytest.raises(ValueError, match=r"NO102 is a local process code: its BRS is BRS-NO-102"):
        elhub_cim.convert(DATA, to="cim", brs="NO102")


def test_a_brs_given_with_ebix_or_cim_input_is_documented_as_not_applying() -> None:
    # (ebIX and CIM carry their own BRS: a known brs does not change it, as the docstring says)
    assert "ebIX and CIM input carry their own BRS" in " ".join(
        (elhub_cim.convert.__doc__ or "").split()
    )
    plain = elhub_cim.convert(DATA, to="cim")
    given = elhub_cim.convert(DATA, to="cim", brs="BRS-NO-201")
    assert given.data == plain.data
    assert b"NO103" in given.data or b"NO102" in given.data


def test_write_file_refuses_what_it_cannot_write_before_touching_the_disk(tmp_path: Path) -> None:
    # (text or None as data failed once the folders were made and a temporary file opened; a
    # number as the path failed inside pathlib; overwrite="no" is true: the file was replaced)
    target = tmp_path / "new" / "out.xml"
    for data, given in (("<a/>", "str"), (None, "NoneType")):
        with pytest.raises(TypeError, match=rf"write_file\(\) writes data as bytes, not {given}"):
            elhub_cim.write_file(target, data)  # type: ignore[arg-type]
    for path in (5, None, b"/tmp/out.xml"):
        with pytest.raises(
            TypeError, match=rf"path is a str or os\.PathLike, not {type(path).__name__}"
        ):
            elhub_cim.write_file(path, DATA)  # type: ignore[arg-type]
    assert not (tmp_path / "new").exists()
    kept = tmp_path / "kept.xml"
    kept.write_bytes(b"mine")
    for keyword in ("overwrite", "durable"):
        with pytest.raises(TypeError, match=rf"{keyword} is True or False, not str"):
            elhub_cim.write_file(kept, DATA, **{keyword: "no"})  # type: ignore[arg-type]
    assert kept.read_bytes() == b"mine"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (5, r"ElhubCimError takes a message \(str\) or a list of Problem, not int"),
        (
            b"EH011 refused",
            r"ElhubCimError takes a message \(str\) or a list of Problem, not bytes",
        ),
        (None, r"ElhubCimError takes a message \(str\) or a list of Problem, not NoneType"),
        (["refused"], r"ElhubCimError: problem 1 is a str, not a Problem"),
    ],
    ids=repr,
)
def test_an_error_holds_a_message_or_problems(given: Any, message: str) -> None:
    # (an actor raising the library's errors itself: "'int' object is not iterable",
    # AttributeError 'format' for a list of texts)
    for error in (elhub_cim.ElhubCimError, elhub_cim.SchemaViolationError):
        with pytest.raises(TypeError, match=message.replace("ElhubCimError", error.__name__)):
            error(given)
    assert elhub_cim.ElhubCimError("refused").code == "ELHUB_CIM"


@pytest.mark.parametrize(
    ("holidays", "message"),
    [
        ("2026-05-04", r"extra_holidays: an iterable of dates, not one date \(str\)"),
        (["2026-05-04"], r"extra_holidays: holiday 1 is a str, not a datetime\.date"),
        (
            [date(2026, 5, 4), None],
            r"extra_holidays: holiday 2 is a NoneType, not a datetime\.date",
        ),
        (5, r"extra_holidays is an iterable of datetime\.date, not int"),
    ],
    ids=repr,
)
def test_extra_holidays_are_dates(holidays: Any, message: str) -> None:
    # (the text of a date was never equal to a date: the holiday was silently a working day)
    from elhub_cim import rules

    monday = date(2026, 5, 4)
    for call in (
        lambda: rules.is_working_day(monday, holidays),
        lambda: rules.add_working_days(monday, 1, holidays),
        lambda: rules.subtract_working_days(monday, 1, holidays),
        lambda: rules.working_days_between(monday, date(2026, 5, 8), holidays),
    ):
        with pytest.raises(TypeError, match=message):
            call()
    assert not rules.is_working_day(monday, [monday])
    assert rules.add_working_days(date(2026, 5, 1), 1, (monday,)) == date(2026, 5, 5)


def test_the_working_day_helpers_take_dates_and_whole_numbers() -> None:
    # (str + timedelta, '>=' of str and int, an OverflowError for 3.5, AttributeError 'weekday';
    # True counted as one day, easter_sunday(True) the Easter of the year 1)
    from elhub_cim import rules as typed

    rules: Any = typed  # (the wrong types on purpose)

    day = date(2026, 5, 4)
    wrong: list[tuple[Callable[[], object], str]] = [
        (lambda: rules.add_working_days("2026-05-04", 3), r"day is a datetime\.date, not str"),
        (lambda: rules.subtract_working_days(None, 3), r"day is a datetime\.date, not NoneType"),
        (lambda: rules.is_working_day("2026-05-04"), r"day is a datetime\.date, not str"),
        (lambda: rules.add_working_days(day, "3"), r"count is a whole number, not str"),
        (lambda: rules.add_working_days(day, 3.5), r"count is a whole number, not float"),
        (lambda: rules.subtract_working_days(day, True), r"count is a whole number, not bool"),
        (lambda: rules.working_days_between("x", day), r"start is a datetime\.date, not str"),
        (lambda: rules.working_days_between(day, None), r"end is a datetime\.date, not NoneType"),
        (lambda: rules.easter_sunday("2026"), r"year is a whole number, not str"),
        (lambda: rules.easter_sunday(True), r"year is a whole number, not bool"),
        (lambda: rules.easter_sunday(2026.0), r"year is a whole number, not float"),
    ]
    for call, message in wrong:
        with pytest.raises(TypeError, match=message):
            call()
    assert rules.easter_sunday(2026) == date(2026, 4, 5)


def test_the_monitor_s_extraction_refuses_wrong_arguments_at_the_call(tmp_path: Path) -> None:
    # (max_bytes=0 skipped every file as INTERNAL_ERROR; jobs="2" failed on a comparison; jobs=0
    # and validate="no" were taken as something else; dask=5 failed on a str method)
    from elhub_cim import monitor

    key = b"k" * 32
    folder = [EXAMPLE.parent]
    wrong: list[tuple[dict[str, Any], type[Exception], str]] = [
        ({"max_bytes": 0}, ValueError, r"max_bytes is a whole number, at least 1, not 0"),
        ({"jobs": 0}, ValueError, r"jobs is a number of processes, at least 1, not 0"),
        ({"jobs": "2"}, ValueError, r"jobs is a number of processes, at least 1, not '2'"),
        ({"validate": "no"}, TypeError, r"validate is True or False, not str"),
        ({"dask": 5}, TypeError, r"dask is a str or None, not int"),
    ]
    for arguments, error, message in wrong:
        with pytest.raises(error, match=message):
            monitor.extract(folder, key=key, **arguments)
    for arguments, error, message in wrong[:1] + wrong[3:4]:
        with pytest.raises(error, match=message):
            monitor.Extractor(key, **arguments)


@pytest.mark.parametrize(
    "dask", ["nonsense", "", "tcp://scheduler", "host:port", "local:two", "01010012356"], ids=repr
)
def test_the_monitor_s_extraction_refuses_a_dask_that_is_no_address(dask: str) -> None:
    # (distributed's "missing port number in address 'nonsense'", naming no argument, after
    # every input was listed; "" quietly ran without a cluster)
    from elhub_cim import monitor

    with pytest.raises(ValueError, match=r"dask is .*HOST:PORT.*local:N") as raised:
        monitor.extract([EXAMPLE.parent], key=b"k" * 32, dask=dask)
    assert "01010012356" not in str(raised.value)


def _events_file(folder: Path) -> tuple[Path, str]:
    """An events file of the examples, and its first actor."""
    from elhub_cim import monitor

    found = monitor.extract([EXAMPLE.parent], key=b"k" * 32)
    path = folder / "events.csv"
    monitor.write_events(found.events, path)
    return path, found.events[0].actor


def test_run_report_takes_lists_of_paths_and_actors(tmp_path: Path) -> None:
    # (one actor as a str was taken for its characters: a report of no actor, silently; one path
    # as a str was read as one file per character: "t: no such file")
    from elhub_cim import monitor

    events, actor = _events_file(tmp_path)
    assert [a.actor for a in monitor.run_report([events], actors=[actor]).actors] == [actor]
    with pytest.raises(TypeError, match=r"actors: an iterable of actors, not one actor \(str\)"):
        monitor.run_report([events], actors=actor)
    for one in (str(events), events):
        with pytest.raises(TypeError, match=r"paths: an iterable of paths, not one path"):
            monitor.run_report(one)  # type: ignore[arg-type]


def test_run_report_takes_paths_and_actors_from_a_generator(tmp_path: Path) -> None:
    # (the checks used them up: paths from a generator gave EVENTS_INVALID "no events file
    # given", actors from one a report of every actor, silently)
    from elhub_cim import monitor

    events, actor = _events_file(tmp_path)
    whole = monitor.run_report([events], actors=[actor])
    given = monitor.run_report((p for p in [events]), actors=(a for a in [actor]))
    assert [a.actor for a in given.actors] == [actor] == [a.actor for a in whole.actors]


def test_run_report_of_no_events_file_is_the_caller_s_mistake() -> None:
    # (EventsError EVENTS_INVALID of <input>, "no events file given", as if an input were wrong)
    from elhub_cim import monitor

    nothing: tuple[list[str], tuple[str, ...]] = ([], ())
    for paths in nothing:
        with pytest.raises(ValueError, match=r"^paths: at least one events file") as raised:
            monitor.run_report(paths)
        assert not isinstance(raised.value, elhub_cim.ElhubCimError)


def test_run_report_refuses_wrong_arguments_before_reading(tmp_path: Path) -> None:
    # (first="2026-01-01": a comparison of date and str inside DuckDB's results; thresholds as a
    # path: AttributeError 'zone'; memory_limit=5: AttributeError 'replace'; threads=0: every CPU)
    from elhub_cim import monitor

    events, _ = _events_file(tmp_path)
    wrong: list[tuple[dict[str, Any], type[Exception], str]] = [
        ({"first": "2026-01-01"}, TypeError, r"first is a datetime\.date or None, not str"),
        ({"last": 20260101}, TypeError, r"last is a datetime\.date or None, not int"),
        ({"thresholds": "t.toml"}, TypeError, r"thresholds is a Thresholds .* or None, not str"),
        ({"memory_limit": 5}, TypeError, r"memory_limit is a str or None, not int"),
        ({"threads": 0}, ValueError, r"threads is a number of threads, at least 1, not 0"),
        ({"threads": "2"}, ValueError, r"threads is a number of threads, at least 1, not '2'"),
    ]
    for arguments, error, message in wrong:
        with pytest.raises(error, match=message):
            monitor.run_report([events], **arguments)
    assert monitor.run_report([events], first=date(2026, 1, 1), threads=1).events


def test_minimise_takes_a_domain_document_and_a_policy() -> None:
    # (a path or the message's bytes: PolicyError "str is not sent by Elhub to a market party";
    # a policy given as a path: AttributeError 'for_document')
    from elhub_cim import minimise

    notification = elhub_cim.to_domain(EXAMPLE.parent / "NotifyStartOfSupply.xml")
    for call in (minimise.minimise, minimise.minimise_report):
        for wrong in (str(EXAMPLE), DATA, notification.model_dump(), None):
            with pytest.raises(
                TypeError,
                match=rf"{call.__name__}\(\) takes a domain .*, not {type(wrong).__name__}",
            ):
                call(wrong, "DDQ")  # type: ignore[arg-type]
        with pytest.raises(
            TypeError,
            match=r"policy is a MinimisationPolicy \(load_policy\(path\)\) or None, not str",
        ):
            call(notification, "DDQ", policy="policy.toml")  # type: ignore[arg-type]
    assert minimise.minimise(notification, "DDQ")


def test_the_rules_take_a_parsed_document_and_its_message_type() -> None:
    # (AttributeError 'bytes' object has no attribute 'name', from deep inside)
    from elhub_cim import rules

    document, message_type = elhub_cim.check(DATA)
    for wrong in (DATA, DATA.decode(), EXAMPLE):
        given = type(wrong).__name__
        with pytest.raises(TypeError, match=rf"check\(\) takes a ParsedDocument .*, not {given}"):
            rules.check(wrong, message_type)  # type: ignore[arg-type]
        with pytest.raises(
            TypeError, match=rf"check_identifiers\(\) takes a ParsedDocument .*, not {given}"
        ):
            rules.check_identifiers(wrong)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"message_type is a MessageType .*, not str"):
        rules.check(document, "RequestStartOfSupply")  # type: ignore[arg-type]
    assert rules.check(document, message_type) == []


def test_configured_rule_sets_take_a_config_and_a_list_of_paths() -> None:
    # (a config file's path for config: AttributeError 'dates'; one rule set file's path for
    # paths: each character read as a file, "r: no such file"; a number: not iterable)
    from elhub_cim import rules

    with pytest.raises(
        TypeError,
        match=r"config is a RulesConfig \(load_rules_config\(path\)\) or None, not str",
    ):
        rules.configured_rule_sets("rules.toml")  # type: ignore[arg-type]
    for one in ("rules.toml", Path("rules.toml")):
        with pytest.raises(TypeError, match=r"paths: an iterable of paths, not one path"):
            rules.configured_rule_sets(paths=one)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"paths is an iterable of paths or None, not int"):
        rules.configured_rule_sets(paths=5)  # type: ignore[arg-type]
    assert rules.configured_rule_sets(paths=[]) == ()


def test_notices_decide_on_a_domain_document_not_the_message() -> None:
    # (the message's bytes, its path or None gave NoTrigger "bytes is not a business document":
    # an ended relationship passed as its message was silently never noticed)
    from elhub_cim import notices

    ending = EXAMPLE.parent / "NotifyEndOfSupply.xml"
    for wrong in (ending.read_bytes(), ending, str(ending), None):
        with pytest.raises(
            TypeError,
            match=rf"decide\(\) takes a domain document .*, not {type(wrong).__name__}",
        ):
            notices.decide(wrong)  # type: ignore[arg-type]
    assert isinstance(notices.decide(elhub_cim.to_domain(ending)), notices.Ending)


def test_an_idempotency_key_is_of_texts_and_a_date() -> None:
    # (a date's text: AttributeError 'isoformat'; a datetime, or bytes, gave another key than
    # the same ending's date or text: the customer noticed twice)
    from datetime import datetime

    from elhub_cim import notices

    point, customer, day = "707057500421739658", "customer-17", date(2026, 5, 1)
    wrong: list[tuple[tuple[Any, Any, Any], str]] = [
        ((point, customer, "2026-05-01"), r"end_date is a datetime\.date, not str"),
        ((point, customer, datetime(2026, 5, 1)), r"end_date is a datetime\.date, not datetime"),
        ((point.encode(), customer, day), r"metering_point is a str, not bytes"),
        ((point, None, day), r"customer is a str, not NoneType"),
    ]
    for arguments, message in wrong:
        with pytest.raises(TypeError, match=message):
            notices.idempotency_key(*arguments)
    assert len(notices.idempotency_key(point, customer, day)) == 32


def test_the_sharing_units_take_a_whole_number_of_decimals() -> None:
    # (to_units(1, -1) was 0 and to_units(5, 1.5) was 155, silently; units_text(5, -1) failed
    # on a format specifier, units_decimal(5, "3") on a unary minus)
    from elhub_cim import sharing as typed

    sharing: Any = typed  # (the wrong types on purpose)

    wrong: list[tuple[Callable[[], object], type[Exception], str]] = [
        (lambda: sharing.to_units(1, -1), ValueError, r"decimals is at least 0, not -1"),
        (lambda: sharing.to_units(5, 1.5), TypeError, r"decimals is a whole number, not float"),
        (lambda: sharing.to_units("1.5", True), TypeError, r"decimals is a whole number, not bool"),
        (lambda: sharing.units_text(5, -1), ValueError, r"decimals is at least 0, not -1"),
        (lambda: sharing.units_text(5, "3"), TypeError, r"decimals is a whole number, not str"),
        (lambda: sharing.units_decimal(5, "3"), TypeError, r"decimals is a whole number, not str"),
        (lambda: sharing.units_text(5.5, 3), TypeError, r"units is a whole number, not float"),
        (lambda: sharing.units_decimal("5", 3), TypeError, r"units is a whole number, not str"),
    ]
    for call, error, message in wrong:
        with pytest.raises(error, match=message):
            call()
    assert sharing.to_units("1.5", 3) == 1500
    assert sharing.units_text(60000, 3) == "60.000"


@pytest.mark.parametrize("value", ["01010012356x", "1.01010012356", "born 01010012356"])
def test_to_units_names_its_value_with_identity_numbers_masked(value: str) -> None:
    # ("'01010012356x' is not a number": no argument named, the text in the clear)
    from elhub_cim import sharing

    with pytest.raises(ValueError, match=r"^value: ") as raised:
        sharing.to_units(value, 3)
    assert "01010012356" not in str(raised.value)


def test_the_sharing_readers_take_a_whole_number_of_decimals(tmp_path: Path) -> None:
    # ("3", -1 and 1.5 were kept as the readings' decimals, silently; read_series(5, 3) failed
    # with Python's "'int' object is not iterable")
    from elhub_cim import sharing

    series = tmp_path / "series.csv"
    series.write_text("metering_point,start,kwh\n")
    readers: list[Callable[[Any], object]] = [
        lambda decimals: sharing.read_csv(series, decimals),
        lambda decimals: sharing.read_parquet(tmp_path / "series.parquet", decimals),
        lambda decimals: sharing.read_series([series], decimals),
    ]
    for read in readers:
        with pytest.raises(TypeError, match=r"decimals is a whole number, not str"):
            read("3")
        with pytest.raises(TypeError, match=r"decimals is a whole number, not float"):
            read(1.5)
        with pytest.raises(ValueError, match=r"decimals is at least 0, not -1"):
            read(-1)
    with pytest.raises(TypeError, match=r"paths is an iterable of paths, not int"):
        sharing.read_series(5, 3)  # type: ignore[arg-type]
    assert sharing.read_csv(series, 3).decimals == 3


def test_allocate_and_interval_data_quote_a_wrong_value_masked() -> None:
    # (rounding and interval_minutes were quoted as given: an identity number in the clear)

    from elhub_cim import sharing as typed
    from tests.test_sharing import seed_readings, seed_setup

    sharing: Any = typed  # (the wrong types on purpose)
    setup = seed_setup()
    data = sharing.IntervalData.build(setup, seed_readings(setup), interval_minutes=60)
    fnr = "born 01010012356"
    calls: list[Callable[[], object]] = [
        lambda: sharing.allocate(data, rounding=fnr),
        lambda: sharing.IntervalData.build(setup, seed_readings(setup), interval_minutes=fnr),
        lambda: _one_zero_interval(setup, fnr),
    ]
    for call in calls:
        with pytest.raises((TypeError, ValueError)) as raised:
            call()
        assert "01010012356" not in str(raised.value)
        assert "rounding" in str(raised.value) or "interval_minutes" in str(raised.value)


def test_allocate_refuses_wrong_arguments_at_the_call() -> None:
    # (redistribute="no" redistributed; workers 0, -1 and 2.5 were taken as 1, "2" failed on a
    # comparison; a set-up in place of its data failed with AttributeError 'setup')
    from elhub_cim import sharing as typed
    from tests.test_sharing import seed_readings, seed_setup

    sharing: Any = typed  # (the wrong types on purpose)
    setup = seed_setup()
    data = sharing.IntervalData.build(setup, seed_readings(setup), interval_minutes=60)
    wrong: list[tuple[Callable[[], object], type[Exception], str]] = [
        (lambda: sharing.allocate(data, redistribute="no"), TypeError, r"redistribute is True or"),
        (lambda: sharing.allocate(data, workers=0), ValueError, r"workers is a number of threads"),
        (lambda: sharing.allocate(data, workers=2.5), ValueError, r"workers is a number of"),
        (lambda: sharing.allocate(data, workers="2"), ValueError, r"workers is a number of"),
        (
            lambda: sharing.allocate(data, rounding="nearest"),
            ValueError,
            r"rounding is a Rounding or one of .*, not 'nearest'",
        ),
        (
            lambda: sharing.allocate(setup),
            TypeError,
            r"allocate\(\) takes IntervalData .*, not SharingSetup",
        ),
    ]
    for call, error, message in wrong:
        with pytest.raises(error, match=message):
            call()
    assert sharing.allocate(data, workers=2).totals() == sharing.allocate(data).totals()


@pytest.mark.parametrize("name", [5, None, b"elhub_cim"], ids=repr)
def test_get_logger_takes_a_logger_s_name(name: Any) -> None:
    # (AttributeError 'int' object has no attribute 'startswith')
    from elhub_cim.core import logs

    with pytest.raises(TypeError, match=rf"name is a str, not {type(name).__name__}"):
        logs.get_logger(name)
    assert logs.get_logger("elhub_cim.convert").name == "elhub_cim.convert"


@pytest.mark.parametrize("data", ["setup.toml", None, [("key", "equal")]], ids=repr)
def test_setup_from_mapping_takes_a_mapping(data: Any) -> None:
    # (a file's path: SHARE_SETUP "unknown field(s) ., e, o, p, s, t, u", its characters taken
    # for fields; None: "'NoneType' object is not iterable")
    from elhub_cim import sharing

    with pytest.raises(
        TypeError,
        match=rf"setup_from_mapping\(\) takes a mapping .*, not {type(data).__name__}",
    ):
        sharing.setup_from_mapping(data)


def test_the_sharing_setups_of_a_message_take_it_read_not_as_bytes_or_a_path() -> None:
    # (SHARE_SETUP "bytes carries no shared-production set-up": the message blamed for a
    # caller who passed it unread)
    from elhub_cim import sharing

    notify = EXAMPLE.parent / "NotifySharedProduction.xml"
    for wrong in (notify.read_bytes(), notify, str(notify), None):
        given = type(wrong).__name__
        with pytest.raises(
            TypeError, match=rf"setup_from_document\(\) takes a domain document .*, not {given}"
        ):
            sharing.setup_from_document(wrong)
        with pytest.raises(
            TypeError, match=rf"setup_from_message\(\) takes a bound message .*, not {given}"
        ):
            sharing.setup_from_message(wrong)
    assert sharing.setup_from_document(elhub_cim.to_domain(notify)).contributors
    assert sharing.setup_from_message(elhub_cim.read(notify)).contributors


def test_the_sharing_setups_of_a_message_refuse_what_is_no_message() -> None:
    # (SHARE_SETUP of <input>: "int carries no shared-production set-up", and a domain document
    # given for the bound message (or the other way round) blamed as carrying none)
    from elhub_cim import sharing

    notify = EXAMPLE.parent / "NotifySharedProduction.xml"
    document, message = elhub_cim.to_domain(notify), elhub_cim.read(notify)
    for wrong in (5, {"calculation": 1}, [message], message):
        with pytest.raises(
            TypeError, match=r"setup_from_document\(\) takes a domain document .*, not "
        ):
            sharing.setup_from_document(wrong)
    for wrong in (5, {"payload_master_data_mpevent": 1}, [message], document, type(message)):
        with pytest.raises(
            TypeError, match=r"setup_from_message\(\) takes a bound message .*, not "
        ):
            sharing.setup_from_message(wrong)


@pytest.mark.parametrize("value", [5, None, b"2026-05-01T00:00:00Z", date(2026, 5, 1)], ids=repr)
def test_a_timestamp_is_made_of_a_text_or_an_aware_datetime(value: Any) -> None:
    # (AttributeError 'int' object has no attribute 'strip')
    with pytest.raises(
        TypeError,
        match=rf"a Timestamp is made of a str or an aware datetime, not {type(value).__name__}",
    ):
        elhub_cim.domain.Timestamp(value)


@pytest.mark.parametrize("value", [707057500421739658, None, b"707057500421739658"], ids=repr)
def test_a_gsrn_is_checked_as_a_text(value: Any) -> None:
    # ("object of type 'int' has no len()", or a bytes/str TypeError of startswith)
    with pytest.raises(
        TypeError, match=rf"is_valid_gsrn\(\) takes a str, not {type(value).__name__}"
    ):
        elhub_cim.domain.is_valid_gsrn(value)
    assert elhub_cim.domain.is_valid_gsrn("707057500421739658")


@pytest.mark.parametrize("wrong", [None, "x", DATA], ids=["None", "str", "bytes"])
def test_functions_of_one_document_or_rule_set_say_what_they_take(wrong: Any) -> None:
    # (AttributeError 'header' / 'id', from inside)
    from elhub_cim import rules

    given = type(wrong).__name__
    with pytest.raises(
        TypeError, match=rf"check_shared_production\(\) takes a SharedProductionDocument .*{given}"
    ):
        elhub_cim.domain.check_shared_production(wrong)
    with pytest.raises(TypeError, match=rf"rules_markdown\(\) takes a RuleSet .*, not {given}"):
        rules.rules_markdown(wrong)


def test_notices_and_sharing_helpers_say_what_they_take() -> None:
    # (AttributeError 'status', 'street_name', 'key' from inside)
    from elhub_cim import notices, sharing

    with pytest.raises(TypeError, match=r"summary_line\(\) takes a list of Outcome, not str"):
        notices.summary_line("written")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"summary_line\(\): outcome 1 is a str, not an Outcome"):
        notices.summary_line(["written"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"format_address\(\) takes a MeteringPointAddress"):
        notices.format_address("Kjøpmannsgata 12")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"manual_weights\(\) takes a SharingSetup, not NoneType"):
        sharing.manual_weights(None)  # type: ignore[arg-type]
    assert notices.summary_line([]).startswith("0 inputs")


def test_a_problem_s_fields_are_of_their_types() -> None:
    # (severity="error", a str, is not Severity.ERROR: acknowledge() answered such an error with
    # a positive acknowledgement, reject() found no reason; the others failed when shown, or
    # never: a line "3")
    error = elhub_cim.Problem("EH015", "no postcode", severity="error")  # type: ignore[arg-type]
    assert error.severity is elhub_cim.Severity.ERROR
    assert elhub_cim.reason_codes([error]) == ["EH015"]
    assert elhub_cim.acknowledge(DATA, [error]).document.status.value == "rejected"
    problem: Any = elhub_cim.Problem
    wrong: list[tuple[Callable[[], object], type[Exception], str]] = [
        (lambda: problem("X", "m", severity="fatal"), ValueError, r"severity is .*, not 'fatal'"),
        (lambda: problem("X", "m", severity=None), ValueError, r"severity is .*, not None"),
        (lambda: problem(5, "m"), TypeError, r"a Problem's code is a str, not int"),
        (lambda: problem("X", 5), TypeError, r"a Problem's message is a str, not int"),
        (lambda: problem("X", "m", line="3"), TypeError, r"a Problem's line is an int or None"),
        (
            lambda: problem("X", "m", file=5),
            TypeError,
            r"a Problem's file is a str, a path or None",
        ),
        (lambda: problem("X", "m", path=5), TypeError, r"a Problem's path is a str or None"),
    ]
    for call, exception, message in wrong:
        with pytest.raises(exception, match=message):
            call()


@pytest.mark.parametrize("message_type", ["RequestStartOfSupply", None], ids=repr)
def test_describe_takes_the_message_type_check_gives(message_type: Any) -> None:
    # (AttributeError 'str' object has no attribute 'standard')
    document, _ = elhub_cim.check(DATA)
    with pytest.raises(
        TypeError,
        match=rf"message_type is a MessageType .*, not {type(message_type).__name__}",
    ):
        elhub_cim.describe(document, message_type)


@pytest.mark.parametrize("path", [5, b"settings.toml"], ids=repr)
def test_the_loaders_name_their_path_argument(path: Any) -> None:
    # (Python's "expected str, bytes or os.PathLike object, not int", or pathlib's "argument
    # should be a str object or an os.PathLike object returning str", naming no argument)
    from elhub_cim import minimise, monitor, notices, rules, sharing

    given = type(path).__name__
    for load, argument in (
        (rules.load_rule_set, "path"),
        (rules.load_rules_config, "path"),
        (minimise.load_policy, "path"),
        (sharing.load_setup, "path"),
        (monitor.load_key, "path"),
        (monitor.load_thresholds, "path"),
        (notices.Outbox, "folder"),
        (notices.Renderer, "templates"),
    ):
        with pytest.raises(TypeError, match=rf"{argument} is a str or os\.PathLike.*, not {given}"):
            load(path)


def test_write_events_refuses_wrong_arguments_before_touching_the_disk(tmp_path: Path) -> None:
    # (overwrite="no" is true: the file was replaced; texts for events failed with
    # AttributeError 'csv_row' once the folder was made; a number for the path in pathlib)
    from elhub_cim import monitor

    kept = tmp_path / "events.csv"
    kept.write_text("mine")
    with pytest.raises(TypeError, match=r"overwrite is True or False, not str"):
        monitor.write_events([], kept, overwrite="no")  # type: ignore[arg-type]
    assert kept.read_text() == "mine"
    with pytest.raises(TypeError, match=r"path is a str or os\.PathLike, not int"):
        monitor.write_events([], 5)  # type: ignore[arg-type]
    new = tmp_path / "new" / "events.csv"
    with pytest.raises(TypeError, match=r"events: an iterable of Events, not one Event \(str\)"):
        monitor.write_events("events", new)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"events: event 1 is a str, not an Event"):
        monitor.write_events(["event"], new)  # type: ignore[list-item]
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("text", [707057500421739658, None, b"707057500421739658"], ids=repr)
def test_a_subject_is_of_a_text(text: Any) -> None:
    # (AttributeError 'int' object has no attribute 'encode')
    from elhub_cim import monitor

    with pytest.raises(
        TypeError, match=rf"subject_of\(\) takes text as a str, not {type(text).__name__}"
    ):
        monitor.subject_of(b"k" * 32, text)
    with pytest.raises(TypeError, match=r"the pseudonymisation key is bytes, not str"):
        monitor.subject_of("k" * 32, "707057500421739658")  # type: ignore[arg-type]


def test_write_and_message_type_of_take_a_bound_message() -> None:
    # (a BindingError, BIND_FAILED "StartOfSupplyRequest is not an elhub-cim message binding":
    # an input's error code for the caller's mistake)
    model = elhub_cim.to_domain(DATA)
    for wrong in (model, None, DATA):
        given = type(wrong).__name__
        with pytest.raises(TypeError, match=rf"write\(\) takes a bound message .*, not {given}"):
            elhub_cim.write(wrong)
        with pytest.raises(
            TypeError, match=rf"message_type_of\(\) takes a bound message .*, not {given}"
        ):
            elhub_cim.message_type_of(wrong)
    with pytest.raises(TypeError, match=r"from_domain\(document, to=\.\.\.\) writes a domain"):
        elhub_cim.write(model)
    assert elhub_cim.write(elhub_cim.read(DATA)).startswith(b"<?xml")


def test_a_notifier_refuses_what_it_cannot_use_when_made() -> None:
    # (contacts=None, clock="now", renderer or parties given as a path: accepted, to fail at the
    # first notice deep inside, with an AttributeError or "'str' object is not callable")
    from elhub_cim import notices

    sender = "Nett AS <varsel@nett.example>"
    contacts = notices.CsvContactRegister({})
    wrong: list[tuple[dict[str, Any], str]] = [
        ({"contacts": None}, r"contacts is a ContactRegister .*, not NoneType"),
        ({"contacts": "contacts.csv"}, r"contacts is a ContactRegister .*, not str"),
        ({"clock": "now"}, r"clock is a function of no argument .*, not str"),
        ({"renderer": "templates"}, r"renderer is a Renderer or None, not str"),
        ({"parties": "parties.csv"}, r"parties is a PartyRegister .* or None, not str"),
        ({"grid_lookup": 5}, r"grid_lookup is a GridCompanyLookup .* or None, not int"),
    ]
    for arguments, message in wrong:
        given: dict[str, Any] = {"contacts": contacts, "sender": sender, **arguments}
        with pytest.raises(TypeError, match=message):
            notices.Notifier(given.pop("contacts"), **given)
    assert notices.Notifier(contacts, sender=sender)


@pytest.mark.parametrize("strict", ["no", None, 1], ids=repr)
def test_the_rules_strict_is_a_bool(strict: Any) -> None:
    # ("no" is true: the check digits' warnings became errors)
    from elhub_cim import rules

    document, message_type = elhub_cim.check(DATA)
    with pytest.raises(TypeError, match=rf"strict is True or False, not {type(strict).__name__}"):
        rules.check(document, message_type, strict=strict)
    with pytest.raises(TypeError, match=rf"strict is True or False, not {type(strict).__name__}"):
        rules.check_identifiers(document, strict=strict)


@pytest.mark.parametrize("dates", ["rules.toml", {"BRS-NO-611": "2026-01-01"}], ids=repr)
def test_a_rules_config_s_dates_are_tables(dates: Any) -> None:
    # (AttributeError 'str' object has no attribute 'get' at configured_rule_sets)
    from elhub_cim import rules

    with pytest.raises(rules.RuleSetError, match=r"dates: .*a table"):
        rules.RulesConfig(dates=dates)


def test_load_setup_refuses_wrong_overrides_at_the_call(tmp_path: Path) -> None:
    # (a float resolution was refused as "not a number" and a number as the time zone as
    # "unknown time zone 5", both blamed on the file; max_bytes 0 or "5" were taken)
    from elhub_cim import sharing

    setup = tmp_path / "setup.toml"
    setup.write_text(
        'key = "equal"\ncontributors = ["707057500000000017"]\n'
        'recipients = ["707057500000000024", "707057500000000031"]\n'
    )
    wrong: list[tuple[dict[str, Any], type[Exception], str]] = [
        ({"resolution": 0.001}, TypeError, r"resolution is a Decimal or its text .*, not float"),
        ({"timezone": 5}, TypeError, r"timezone is a str or None, not int"),
        ({"max_bytes": 0}, ValueError, r"max_bytes is a whole number, at least 1, not 0"),
        ({"max_bytes": "5"}, ValueError, r"max_bytes is a whole number, at least 1, not '5'"),
    ]
    for arguments, error, message in wrong:
        with pytest.raises(error, match=message):
            sharing.load_setup(setup, **arguments)
    assert sharing.load_setup(setup, resolution="0.01").resolution == Decimal("0.01")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"resolution": "5"}, r"resolution is a power of ten from 1 to 0\.000001 \(kWh\), not '5'"),
        ({"resolution": "x"}, r"resolution is a power of ten .*, not 'x'"),
        (
            {"resolution": Decimal("-0.1")},
            r"resolution is a power of ten .*, not Decimal\('-0\.1'\)",
        ),
        ({"resolution": "0"}, r"resolution is a power of ten .*, not '0'"),
        ({"timezone": "Nowhere/X"}, r"timezone is an IANA time zone .*, not 'Nowhere/X'"),
        ({"timezone": ""}, r"timezone is an IANA time zone .*, not ''"),
    ],
    ids=repr,
)
def test_load_setup_refuses_wrong_override_values_at_the_call(
    tmp_path: Path, arguments: dict[str, Any], message: str
) -> None:
    # (SharingError SHARE_SETUP "resolution '5' must be ...", "unknown time zone", of the
    # set-up file: the file blamed for the caller's argument)
    from elhub_cim import sharing

    setup = tmp_path / "setup.toml"
    setup.write_text(
        'key = "equal"\ncontributors = ["707057500000000017"]\n'
        'recipients = ["707057500000000024", "707057500000000031"]\n'
    )
    for path in (setup, tmp_path / "missing.toml"):  # (before the file is read)
        with pytest.raises(ValueError, match=message) as raised:
            sharing.load_setup(path, **arguments)
        assert type(raised.value) is ValueError
    assert sharing.load_setup(setup, timezone="UTC").timezone == "UTC"


def test_merge_endings_takes_endings() -> None:
    # (merge_endings("x") gave "x", and [None] gave None: no ending, silently)
    from elhub_cim import notices

    with pytest.raises(TypeError, match=r"endings: an iterable of Endings, not one Ending \(str\)"):
        notices.merge_endings("x")  # type: ignore[arg-type]
    with pytest.raises(
        TypeError, match=r"merge_endings\(\): ending 1 is a NoneType, not an Ending"
    ):
        notices.merge_endings([None])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"endings is a list of Ending, not NoneType"):
        notices.merge_endings(None)  # type: ignore[arg-type]


def test_field_paths_take_a_model_class() -> None:
    # (AttributeError 'str' object has no attribute 'model_fields')
    from elhub_cim import minimise

    for wrong, given in (("StartOfSupplyRequest", "str"), (None, "NoneType")):
        with pytest.raises(
            TypeError, match=rf"field_paths\(\) takes a model class .*, not {given}"
        ):
            minimise.field_paths(wrong)  # type: ignore[arg-type]
    assert "header" in minimise.field_paths(elhub_cim.domain.StartOfSupplyRequest)


def test_smtp_delivery_refuses_wrong_settings_when_made() -> None:
    # (taken as given, to fail at the first notice: a port "25", starttls "no" taken as true, a
    # timeout "30" in the socket, a record given as a folder's path)
    from elhub_cim import notices

    wrong: list[tuple[tuple[Any, ...], dict[str, Any], type[Exception], str]] = [
        ((5, 25), {}, TypeError, r"host is a str, not int"),
        (("smtp.example", "25"), {}, TypeError, r"port is a number from 1 to 65535, not str"),
        (("smtp.example", 0), {}, ValueError, r"port is a number from 1 to 65535, not 0"),
        (("smtp.example", 25), {"starttls": "no"}, TypeError, r"starttls is True or False"),
        (("smtp.example", 25), {"timeout": "30"}, TypeError, r"timeout is a number of seconds"),
        (("smtp.example", 25), {"timeout": 0}, ValueError, r"timeout is a number of seconds"),
        (("smtp.example", 25), {"record": "sent/"}, TypeError, r"record is an Outbox or None"),
    ]
    for arguments, keywords, error, message in wrong:
        with pytest.raises(error, match=message):
            notices.SmtpDelivery(*arguments, **keywords)
    assert notices.SmtpDelivery("smtp.example", 25, timeout=2.5).where == "smtp://smtp.example:25"


def test_build_email_refuses_wrong_arguments() -> None:
    # (a naive now was dated "-0000", zone unknown; language "de" and key None were written into
    # the headers; a date's text for now: AttributeError 'timetuple'; a rendered notice's text:
    # AttributeError 'subject')
    from datetime import datetime

    from elhub_cim import notices

    rendered = notices.RenderedNotice("subject", "text", "<p>html</p>")
    given: dict[str, Any] = {
        "sender": "Nett AS <varsel@nett.example>",
        "recipient": "kunde@example.no",
        "recipient_name": None,
        "key": "k17",
        "language": "nb",
        "now": datetime(2026, 5, 1, tzinfo=UTC),
    }
    wrong: list[tuple[dict[str, Any], type[Exception], str]] = [
        ({"now": datetime(2026, 5, 1)}, ValueError, r"now is an aware datetime"),
        ({"now": "2026-05-01"}, TypeError, r"now is an aware datetime\.datetime, not str"),
        ({"language": "de"}, ValueError, r"language is one of nb, nn, en, not 'de'"),
        ({"key": None}, TypeError, r"key is a str, not NoneType"),
        ({"recipient": 5}, TypeError, r"recipient is a str, not int"),
        ({"recipient_name": 5}, TypeError, r"recipient_name is a str or None, not int"),
    ]
    for change, error, message in wrong:
        with pytest.raises(error, match=message):
            notices.build_email(rendered, **{**given, **change})
    with pytest.raises(TypeError, match=r"build_email\(\) takes a RenderedNotice, not str"):
        notices.build_email("subject", **given)  # type: ignore[arg-type]
    assert notices.build_email(rendered, **given)["Message-ID"] == "<k17@nett.example>"


def test_the_notices_quote_a_wrong_value_with_identity_numbers_masked() -> None:
    # (language, default_language, host, port and timeout were quoted as given)
    from datetime import datetime

    from elhub_cim import notices

    fnr = "born 01010012356"
    rendered = notices.RenderedNotice("subject", "text", "<p>html</p>")
    sender = "Nett AS <varsel@nett.example>"
    calls: list[tuple[Callable[[], object], str]] = [
        (
            lambda: notices.build_email(
                rendered,
                sender=sender,
                recipient="kunde@example.no",
                recipient_name=None,
                key="k",
                language=fnr,  # type: ignore[arg-type]
                now=datetime(2026, 5, 1, tzinfo=UTC),
            ),
            "language is one of",
        ),
        (
            lambda: notices.Notifier(
                notices.CsvContactRegister({}),
                sender=sender,
                default_language=fnr,  # type: ignore[arg-type]
            ),
            "default_language is one of",
        ),
        (lambda: notices.SmtpDelivery(fnr + " ", 25), "host is a host name"),
        (lambda: notices.SmtpDelivery("smtp.example", fnr), "port is a number"),  # type: ignore[arg-type]
        (lambda: notices.SmtpDelivery("smtp.example", -15010100078), "port is a number"),
        (
            lambda: notices.SmtpDelivery("smtp.example", 25, timeout=fnr),  # type: ignore[arg-type]
            "timeout is a number",
        ),
    ]
    for call, message in calls:
        # (a value of the wrong type is a TypeError: docs/api-policy.md, Arguments)
        with pytest.raises((TypeError, ValueError), match=message) as raised:
            call()
        assert "01010012356" not in str(raised.value)
        assert "15010100078" not in str(raised.value)


def test_a_register_is_loaded_from_a_path_never_a_file_descriptor(tmp_path: Path) -> None:
    # (open(5) read the process's file descriptor 5, whatever it is, and closed it)
    import os

    from elhub_cim import notices

    other = tmp_path / "other.txt"
    other.write_text("metering_point,valid_from,email\n")
    descriptor = os.open(other, os.O_RDONLY)
    try:
        for load in (notices.CsvContactRegister.load, notices.CsvPartyRegister.load):
            with pytest.raises(TypeError, match=r"path is a str or os\.PathLike, not int"):
                load(descriptor)  # type: ignore[arg-type]
            os.fstat(descriptor)  # still open: not read, not closed
    finally:
        os.close(descriptor)


def test_interval_data_is_built_of_a_setup_its_readings_and_minutes() -> None:
    # (interval_minutes="60": "unsupported operand type(s) for /"; readings given as a path:
    # AttributeError 'decimals'; allow_missing_recipients="no" taken as true)
    from elhub_cim import sharing as typed
    from tests.test_sharing import seed_readings, seed_setup

    sharing: Any = typed  # (the wrong types on purpose)
    setup = seed_setup()
    readings = seed_readings(setup)
    build = sharing.IntervalData.build
    wrong: list[tuple[Callable[[], object], type[Exception], str]] = [
        (lambda: build(setup, readings, interval_minutes="60"), TypeError, r"interval_minutes"),
        (lambda: build(setup, readings, interval_minutes=True), TypeError, r"interval_minutes"),
        (lambda: build(setup, "series.csv"), TypeError, r"readings is a Readings .*, not str"),
        (lambda: build("setup.toml", readings), TypeError, r"setup is a SharingSetup .*, not str"),
        (
            lambda: build(setup, readings, allow_missing_recipients="no"),
            TypeError,
            r"allow_missing_recipients is True or False, not str",
        ),
    ]
    for call, error, message in wrong:
        with pytest.raises(error, match=message):
            call()
    assert build(setup, readings, interval_minutes=60).interval_seconds == 3600


@pytest.mark.parametrize("language", ["de", 5, None], ids=repr)
def test_a_notifier_s_default_language_is_named(language: Any) -> None:
    # ("language must be one of nb, nn, en": neither the argument nor what it got)
    from elhub_cim import notices

    with pytest.raises(
        ValueError, match=rf"default_language is one of nb, nn, en, not {language!r}"
    ):
        notices.Notifier(
            notices.CsvContactRegister({}),
            sender="Nett AS <varsel@nett.example>",
            default_language=language,
        )


@pytest.mark.parametrize(
    ("allowed", "message"),
    [
        ("EH015 E17", r"allowed: an iterable of codes, not one code \(str\)"),
        (5, r"allowed is a collection of codes or None, not int"),
    ],
    ids=repr,
)
def test_the_allowed_reason_codes_are_a_collection(allowed: Any, message: str) -> None:
    # (a text was searched for each code as a substring: "E1" was allowed by "EH015 E17")
    with pytest.raises(TypeError, match=message):
        elhub_cim.reason_codes([elhub_cim.Problem("EH015", "m")], allowed=allowed)
    assert elhub_cim.reason_codes([elhub_cim.Problem("EH015", "m")], allowed={"EH015"}) == ["EH015"]


def test_conversion_options_hold_a_set_of_glns() -> None:
    # (one GLN as a str was searched as a substring, a number or None failed at the first
    # acknowledgement: "argument of type 'int' is not iterable")
    from elhub_cim.mapping import ConversionOptions

    options: Any = ConversionOptions
    with pytest.raises(TypeError, match=r"elhub_glns: an iterable of GLNs, not one GLN \(str\)"):
        options(elhub_glns="7080010002345")
    with pytest.raises(TypeError, match=r"elhub_glns is an iterable of GLNs \(str\), not int"):
        options(elhub_glns=5)
    with pytest.raises(TypeError, match=r"elhub_glns: GLN 1 is a int, not a str"):
        options(elhub_glns=[7080010002345])
    assert options(elhub_glns=["7080010002345"]).elhub_glns == frozenset({"7080010002345"})


@pytest.mark.parametrize(
    "gln", ["x", "", "708001000234", "70800100023456", " 7080010002345", "01010012356"], ids=repr
)
def test_conversion_options_refuse_a_value_that_is_no_gln(gln: str) -> None:
    # (taken as it was: no acknowledgement's party ever matched it, Elhub's role not written)
    from elhub_cim.mapping import ConversionOptions

    wanted = r"elhub_glns: GLN 2 is a GLN \(13 digits\), not"
    with pytest.raises(ValueError, match=wanted) as raised:
        ConversionOptions(elhub_glns=["7080010002345", gln])  # type: ignore[arg-type]
    assert "01010012356" not in str(raised.value)
    with pytest.raises(ValueError, match=r"elhub_glns: GLN 1 is a GLN"):
        ConversionOptions(elhub_glns=frozenset({gln}))


@pytest.mark.parametrize("path", [5, None, b"events.csv"], ids=repr)
def test_run_report_names_a_path_of_the_wrong_type(path: Any) -> None:
    # (Python's "expected str, bytes or os.PathLike object, not int", naming no argument)
    from elhub_cim import monitor

    with pytest.raises(
        TypeError, match=rf"paths: path 1 is a {type(path).__name__}, not a str or os\.PathLike"
    ):
        monitor.run_report([path])


@pytest.mark.parametrize("limit", ["lots", "3 apples", "GB"], ids=repr)
def test_run_report_names_a_memory_limit_duckdb_cannot_read(limit: str, tmp_path: Path) -> None:
    # (duckdb's ParserException "Memory must have a number (e.g. 1GB)", naming no argument)
    from elhub_cim import monitor

    with pytest.raises(
        ValueError, match=rf"^memory_limit is a size such as '3GB'.*, not '{limit}'"
    ) as raised:
        monitor.run_report([tmp_path / "missing.csv"], memory_limit=limit)  # (before reading)
    assert type(raised.value) is ValueError


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            {"first": date(2026, 2, 1), "last": date(2026, 1, 1)},
            r"^first \(2026-02-01\) is after last \(2026-01-01\)",
        ),
        ({"actors": ["x"]}, r"^actors: actor 1 is a GLN \(13 digits\), not 'x'"),
        (
            {"actors": ["7080005051286", "708000505128"]},
            r"^actors: actor 2 is a GLN \(13 digits\), not '708000505128'",
        ),
    ],
    ids=repr,
)
def test_run_report_refuses_what_monitor_report_refuses(
    arguments: dict[str, Any], message: str, tmp_path: Path
) -> None:
    # (an empty report: no day from February to January, no actor named "x"; the command line
    # refuses both as usage errors)
    from elhub_cim import monitor

    with pytest.raises(ValueError, match=message) as raised:
        monitor.run_report([tmp_path / "missing.csv"], **arguments)  # (before reading)
    assert type(raised.value) is ValueError


@pytest.mark.parametrize(
    ("threads", "error", "message"),
    [
        (0, ValueError, r"threads is a number of threads, at least 1, not 0"),
        (-1, ValueError, r"threads is a number of threads, at least 1, not -1"),
        ("2", ValueError, r"threads is a number of threads, at least 1, not '2'"),
    ],
    ids=repr,
)
@pytest.mark.parametrize("name", ["events.csv", "events.parquet"])
def test_write_events_names_a_wrong_number_of_threads(
    tmp_path: Path, name: str, threads: Any, error: type[Exception], message: str
) -> None:
    # (0 quietly meant "every CPU", -1 was DuckDB's own error once the CSV was written)
    from elhub_cim import monitor

    target = tmp_path / "new" / name
    with pytest.raises(error, match=message):
        monitor.write_events([], target, threads=threads)
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize(
    ("sender", "message"),
    [
        ("not an address", r"^sender is an e-mail address .*, not 'not an address'"),
        ("Nett AS <varsel@nett.example>\nBcc: x@y.no", r"^sender is one line"),
    ],
    ids=repr,
)
def test_a_wrong_sender_is_named(sender: str, message: str) -> None:
    # ("not an e-mail address: 'not an address'", "the sender must be one line": which argument?)
    from datetime import datetime

    from elhub_cim import notices

    rendered = notices.RenderedNotice("subject", "text", "<p>html</p>")
    calls: list[Callable[[], object]] = [
        lambda: notices.Notifier(notices.CsvContactRegister({}), sender=sender),
        lambda: notices.build_email(
            rendered,
            sender=sender,
            recipient="kunde@example.no",
            recipient_name=None,
            key="k17",
            language="nb",
            now=datetime(2026, 5, 1, tzinfo=UTC),
        ),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=message):
            call()


@pytest.mark.parametrize("recipient", ["bad", "kunde@", "", "@example.no", "a b@example.no"])
def test_a_recipient_that_is_no_e_mail_address_is_named(recipient: str) -> None:
    # (email's InvalidHeaderDefect "addr-spec local part with no domain", HeaderParseError; for
    # "kunde@" and "" an IndexError "string index out of range", which a notices run did not
    # catch as the register's unusable address)
    from datetime import datetime

    from elhub_cim import notices

    with pytest.raises(
        ValueError, match=r"^recipient is an e-mail address \(local@domain\)"
    ) as raised:
        notices.build_email(
            notices.RenderedNotice("subject", "text", "<p>html</p>"),
            sender="Nett AS <varsel@nett.example>",
            recipient=recipient,
            recipient_name=None,
            key="k17",
            language="nb",
            now=datetime(2026, 5, 1, tzinfo=UTC),
        )
    assert type(raised.value) is ValueError


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"window_days": 0}, r"^thresholds\.window_days is a whole number from 1 to 366, not 0"),
        ({"window_days": -3}, r"^thresholds\.window_days is a whole number from 1 to 366, not -3"),
        ({"window_days": 10**6}, r"^thresholds\.window_days is a whole number from 1 to 366"),
        ({"timezone": "Nowhere/X"}, r"^thresholds\.timezone: unknown time zone 'Nowhere/X'"),
        (
            {"timezone": "Asia/Kolkata"},
            r"^thresholds\.timezone: time zone 'Asia/Kolkata' has a UTC",
        ),
        (
            {"zero_requests_rated_as": -1.0},
            r"^thresholds\.zero_requests_rated_as is greater than 0",
        ),
        ({"measures": {}}, r"^thresholds\.measures: no thresholds for queries_per_metering_point"),
    ],
    ids=repr,
)
def test_run_report_refuses_thresholds_a_thresholds_file_could_not_give(
    change: dict[str, Any], message: str, tmp_path: Path
) -> None:
    # (window_days 0: DuckDB's "Window ROWS PRECEDING expression cannot be negative"; -3 a
    # report; 10**6 "year -712 is out of range"; a time zone: ZoneInfoNotFoundError; a negative
    # rating a report; no measures a KeyError)
    import dataclasses

    from elhub_cim import monitor

    thresholds = dataclasses.replace(monitor.load_thresholds(), **change)
    with pytest.raises(ValueError, match=message) as raised:
        monitor.run_report([tmp_path / "missing.csv"], thresholds=thresholds)  # (before reading)
    assert type(raised.value) is ValueError


@pytest.mark.parametrize(
    "field", ["window_days", "zero_requests_rated_as", "timezone", "yellow_from"]
)
def test_run_report_quotes_wrong_thresholds_masked(field: str, tmp_path: Path) -> None:
    # (quoted as given: a national identity number in the clear)
    import dataclasses

    from elhub_cim import monitor

    thresholds = monitor.load_thresholds()
    fnr: Any = "born 01010012356"  # (the wrong type on purpose)
    change: dict[str, Any] = {field: fnr}
    if field == "yellow_from":
        key, limits = next(iter(thresholds.measures.items()))
        measures = {**thresholds.measures, key: dataclasses.replace(limits, yellow_from=fnr)}
        thresholds = dataclasses.replace(thresholds, measures=measures)
    else:
        thresholds = dataclasses.replace(thresholds, **change)
    with pytest.raises(ValueError, match=rf"thresholds\..*{field}") as raised:
        monitor.run_report([tmp_path / "missing.csv"], thresholds=thresholds)
    assert "01010012356" not in str(raised.value)


@pytest.mark.parametrize("count", [10**9, 3_000_000, -(10**9), -800_000])
def test_a_count_of_working_days_past_the_calendar_is_named(count: int) -> None:
    # (OverflowError "date value out of range", after stepping day by day to 9999-12-31 or
    # 0001-01-01: seconds for a large count)
    from elhub_cim import rules

    day = date(2026, 1, 1)
    with pytest.raises(
        ValueError, match=r"^count: .* working days (after|before) 2026-01-01"
    ) as raised:
        rules.add_working_days(day, count)
    # (an OverflowError too, as date arithmetic's was: what the rules catch for a window)
    assert isinstance(raised.value, OverflowError)
    assert not isinstance(raised.value, elhub_cim.ElhubCimError)
    with pytest.raises(ValueError, match=r"^count: "):
        rules.subtract_working_days(day, -count)


@pytest.mark.parametrize(
    ("workers", "message"),
    [
        (0, r"workers is a number of threads, at least 1, not 0"),
        (-2, r"workers is a number of threads, at least 1, not -2"),
        ("2", r"workers is a number of threads, at least 1, not '2'"),
    ],
    ids=repr,
)
def test_split_largest_remainder_names_a_wrong_number_of_workers(
    workers: Any, message: str
) -> None:
    # (0 and -2 quietly meant one thread, as allocate refuses them; "2": TypeError "'<=' not
    # supported between instances of 'str' and 'int'")
    from elhub_cim import sharing

    with pytest.raises(ValueError, match=message):
        sharing.split_largest_remainder([11, 7], [[1, 1], [1, 1]], workers=workers)


@pytest.mark.parametrize(
    "tiebreak",
    [[[0]], [[0, 1]], [[0, 1], [1, 0], [0, 1]], [0, 1], [[0, 1, 2], [2, 1, 0]]],
    ids=repr,
)
def test_split_largest_remainder_refuses_a_tiebreak_of_another_shape(tiebreak: Any) -> None:
    # (one of 1 × 1 split 11 into 6 + 6: parts that did not sum to the total)
    import numpy as np

    from elhub_cim import sharing

    given = np.array(tiebreak, dtype=np.int64)
    with pytest.raises(ValueError, match=r"^tiebreak is rows × columns \(2 × 2\), not shape "):
        sharing.split_largest_remainder([11, 7], [[1, 1], [1, 1]], tiebreak=given)
    ties = np.array([[0, 1], [1, 0]], dtype=np.int64)
    parts = sharing.split_largest_remainder([11, 7], [[1, 1], [1, 1]], tiebreak=ties)
    assert parts.sum(axis=1).tolist() == [11, 7]


@pytest.mark.parametrize(
    ("totals", "weights", "name"),
    [
        ([10], [0.5, 0.5], "weights"),
        ([10], [[0.4, 0.6]], "weights"),
        ([1.7], [1, 1], "totals"),
        ([float("nan")], [1, 1], "totals"),
        ([10], [1.0, float("inf")], "weights"),
    ],
    ids=repr,
)
def test_split_largest_remainder_refuses_fractions(totals: Any, weights: Any, name: str) -> None:
    # (cut to whole numbers without a word: weights 0.5 + 0.5 split 10 into 0 + 0, a total of
    # 1.7 was 1)
    from elhub_cim import sharing

    with pytest.raises(ValueError, match=rf"^{name} are whole numbers"):
        sharing.split_largest_remainder(totals, weights)
    assert sharing.split_largest_remainder([10.0], [1.0, 1.0]).tolist() == [[5, 5]]


@pytest.mark.parametrize(
    ("totals", "weights", "name"),
    [
        (["x"], [1], "totals"),
        ("10", [1], "totals"),
        ([10], ["1", "2"], "weights"),
        ([None], [1], "totals"),
    ],
    ids=repr,
)
def test_split_largest_remainder_refuses_what_is_no_number(
    totals: Any, weights: Any, name: str
) -> None:
    # (numpy's "invalid literal for int() with base 10: 'x'", naming no argument; "10" and
    # ["1", "2"] were read as numbers)
    from elhub_cim import sharing

    with pytest.raises(TypeError, match=rf"^{name} are whole numbers \(int\), not "):
        sharing.split_largest_remainder(totals, weights)


def test_the_catalog_of_a_folder_refuses_what_is_no_folder(tmp_path: Path) -> None:
    # (a str: AttributeError "'str' object has no attribute 'rglob'"; a folder that is not
    # there: an empty catalog, as if it held no documents)
    catalog: Any = elhub_cim.catalog
    with pytest.raises(TypeError, match=r"^root is a str or os\.PathLike or None, not int"):
        catalog(5)
    with pytest.raises(
        ValueError, match=r"^root is a folder of XSDs: .*nope is no folder"
    ) as raised:
        catalog(tmp_path / "01010012356" / "nope")
    assert "01010012356" not in str(raised.value)
    schemas = Path(elhub_cim.__file__).parent.parent.parent / "schemas"
    if schemas.is_dir():
        assert dict(catalog(str(schemas))) == dict(elhub_cim.catalog())


def test_a_renderer_s_template_folder_and_language_are_the_caller_s(tmp_path: Path) -> None:
    # (NoticeTemplateError NOTICE_TEMPLATE of <input>, as if an input were wrong: a folder that
    # is not there, and a language there are no templates for, "template x/subject.txt")
    from elhub_cim import notices

    missing = tmp_path / "01010012356"
    with pytest.raises(ValueError, match=r"^templates is a folder: .* is no folder") as raised:
        notices.Renderer(missing)
    assert not isinstance(raised.value, elhub_cim.ElhubCimError)
    assert "01010012356" not in str(raised.value)
    renderer = notices.Renderer()
    for language in ("x", "born 01010012356", "../nb"):
        with pytest.raises(ValueError, match=r"^language is one of nb, nn, en, not ") as raised:
            renderer.render(language, {})  # type: ignore[arg-type]
        assert not isinstance(raised.value, elhub_cim.ElhubCimError)
        assert "01010012356" not in str(raised.value)


@pytest.mark.parametrize("as_of", ["01010012356", "born 01010012356"], ids=repr)
def test_an_as_of_of_the_wrong_type_never_shows_an_identity_number(as_of: str) -> None:
    # (the TypeError quoted the text: "not str ('01010012356')")
    from elhub_cim import rules

    document, message_type = elhub_cim.check(DATA)
    calls: list[Callable[[], object]] = [
        lambda: elhub_cim.validate(DATA, as_of=as_of),  # type: ignore[arg-type]
        lambda: rules.check(document, message_type, as_of=as_of),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(
            TypeError, match=r"^as_of is a datetime\.date or datetime\.datetime, not str"
        ) as raised:
            call()
        assert "01010012356" not in str(raised.value)


@pytest.mark.parametrize("minutes", [7, 0, 30, -15], ids=repr)
def test_an_interval_length_that_is_not_supported_is_named(minutes: int) -> None:
    # (SharingError SHARE_RESOLUTION of the set-up file, "intervals of 7 minutes are not
    # supported"; for 0 "intervals of 15 minutes are not supported (use 15 or 60 minutes)")

    from elhub_cim import sharing

    examples = Path(__file__).parent.parent / "examples" / "sharing"
    setup = sharing.load_setup(examples / "setup.toml")
    readings = sharing.read_series([examples / "series.csv"], setup.decimals)
    message = rf"^interval_minutes is 15 or 60 .*, not {minutes}"
    calls: list[Callable[[], object]] = [
        lambda: sharing.IntervalData.build(setup, readings, interval_minutes=minutes),
        lambda: _one_zero_interval(setup, minutes),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=message) as raised:
            call()
        assert type(raised.value) is ValueError


def test_interval_data_from_arrays_names_its_set_up_and_first_start() -> None:
    # (AttributeError "'NoneType' object has no attribute 'tz'", "'str' object has no attribute
    # 'utcoffset'" (a text or a date), and a naive first start "2026-08-10T00:00:00 has no UTC
    # offset", naming no argument)
    from datetime import datetime

    import numpy as np

    from elhub_cim import sharing

    examples = Path(__file__).parent.parent / "examples" / "sharing"
    setup: Any = sharing.load_setup(examples / "setup.toml")
    production = np.zeros((1, len(setup.contributors)), dtype=np.int64)
    consumption = np.zeros((1, len(setup.recipients)), dtype=np.int64)
    aware = datetime(2026, 8, 10, tzinfo=UTC)
    wrong: list[tuple[Any, Any, type[Exception], str]] = [
        (None, aware, TypeError, r"^setup is a SharingSetup \(load_setup\(path\)\), not NoneType"),
        (
            setup,
            "2026-08-10T00:00:00Z",
            TypeError,
            r"^first_start is an aware datetime\.datetime, not str",
        ),
        (
            setup,
            date(2026, 8, 10),
            TypeError,
            r"^first_start is an aware datetime\.datetime, not date",
        ),
        (setup, datetime(2026, 8, 10), ValueError, r"^first_start is an aware datetime .*naive"),
    ]
    for given, first_start, error, message in wrong:
        with pytest.raises(error, match=message):
            sharing.IntervalData.from_arrays(given, first_start, 60, production, consumption)
    assert sharing.IntervalData.from_arrays(setup, aware, 60, production, consumption).count == 1


@pytest.mark.parametrize("which", ["x", "Current", 5, None], ids=repr)
def test_a_sharing_model_is_named(which: Any) -> None:
    # ("'x' is not a valid Model", naming no argument; 5 and None the same ValueError)
    from elhub_cim import sharing

    examples = Path(__file__).parent.parent / "examples" / "sharing"
    setup = sharing.load_setup(examples / "setup.toml")
    readings = sharing.read_series([examples / "series.csv"], setup.decimals)
    result = sharing.allocate(sharing.IntervalData.build(setup, readings))
    error = ValueError if isinstance(which, str) else TypeError
    for method in (result.model, result.balance, result.refused):
        with pytest.raises(error, match=r"^which is a Model or one of current, new, not "):
            method(which)
    assert result.model("new") is result.new


@pytest.mark.parametrize("limit", NOT_LIMITS, ids=repr)
def test_a_notifier_run_s_size_limit_is_checked_at_the_call(limit: Any, tmp_path: Path) -> None:
    # (each input's outcome was "INTERNAL_ERROR internal error (ValueError: max_bytes is ...);
    # please report it with the input": every input refused for the caller's argument)
    from elhub_cim import notices

    notifier = notices.Notifier(notices.CsvContactRegister({}), sender="Nett AS <n@nett.example>")
    taken, sources = _untouched()
    inputs = (("a.xml", data) for data in sources)
    with pytest.raises(ValueError, match=r"^max_bytes is a whole number, at least 1, not "):
        notifier.run(inputs, notices.Outbox(tmp_path / "outbox"), max_bytes=limit)
    assert not taken


def test_a_notifier_run_takes_pairs_of_label_and_input(tmp_path: Path) -> None:
    # (a path's text: ValueError "not enough values to unpack (expected 2, got 1)"; an input
    # without its label the same, or "too many values to unpack")
    from elhub_cim import notices

    notifier = notices.Notifier(notices.CsvContactRegister({}), sender="Nett AS <n@nett.example>")
    outbox = notices.Outbox(tmp_path / "outbox")
    with pytest.raises(TypeError, match=r"^inputs: an iterable of \(label, input\) pairs, not one"):
        notifier.run("message.xml", outbox)  # type: ignore[arg-type]
    with pytest.raises(
        TypeError, match=r"^inputs: input 1 is a PosixPath, not a \(label, input\) pair"
    ):
        notifier.run([EXAMPLE], outbox)  # type: ignore[list-item]
    with pytest.raises(
        TypeError, match=r"^inputs: input 2 is a tuple of 3, not a \(label, input\) pair"
    ):
        notifier.run([("a.xml", DATA), ("b.xml", DATA, "x")], outbox)  # type: ignore[list-item]


@pytest.mark.parametrize(
    "host",
    ["", "  ", "smtp.example\n", "smtp example", "smtp.example\u00a0", "smtp\texample"],
    ids=repr,
)
def test_an_smtp_host_is_a_host_name(host: str) -> None:
    # ("" was taken, to fail at open() with SMTPServerDisconnected "please run connect() first";
    # a space inside was taken, to fail at open() as a name the resolver does not know)
    from elhub_cim import notices

    with pytest.raises(
        ValueError, match=r"^host is a host name or address \(e\.g\. 'smtp\.example'\), not "
    ):
        notices.SmtpDelivery(host, 25)


def test_a_rejection_without_reasons_is_refused_before_the_request_is_read(tmp_path: Path) -> None:
    # (read first, then "a rejection needs at least one reason", naming no argument)
    with pytest.raises(
        ValueError, match=r"^reasons: a rejection needs at least one reason"
    ) as raised:
        elhub_cim.reject(tmp_path / "missing.xml", [])
    assert type(raised.value) is ValueError
    warning = elhub_cim.Problem("EH015", "x", severity=elhub_cim.Severity.WARNING)
    with pytest.raises(ValueError, match=r"^reasons: a rejection needs at least one reason"):
        elhub_cim.reject(DATA, [warning])  # (no error among them: known once they are mapped)


@pytest.mark.parametrize("severity", ["fatal", "born 01010012356", 5, None, ["error"]], ids=repr)
def test_a_problem_s_severity_is_named_and_quoted_masked(severity: Any) -> None:
    # (quoted as given: Problem("X", "m", severity="born 01010012356") an identity number in the
    # clear)
    with pytest.raises(ValueError, match=r"^a Problem's severity is a Severity") as raised:
        elhub_cim.Problem("X", "m", severity=severity)
    assert "01010012356" not in str(raised.value)
    warning: Any = "warning"
    assert elhub_cim.Problem("X", "m", severity=warning).severity is elhub_cim.Severity.WARNING


def test_an_outbox_of_an_empty_path_is_refused() -> None:
    # (Path("") is ".": the notices went to the current folder, and its leftovers were looked
    # for there)
    from elhub_cim import notices

    with pytest.raises(ValueError, match=r"^folder is a path, not empty"):
        notices.Outbox("")
    assert notices.Outbox(".").folder == Path(".")


def test_an_empty_path_is_refused_as_the_caller_s_mistake(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (pathlib takes "" for ".": Renderer("") read templates from the current folder, load_key
    # and load_policy raised IsADirectoryError, write_file and write_events "'.' exists (use
    # --force to overwrite)", the loaders IO_ERROR of <input> "Is a directory")
    from elhub_cim import minimise, monitor, notices, rules, sharing

    monkeypatch.chdir(tmp_path)  # (where "" would point, were it taken)
    calls: list[Callable[[], object]] = [
        lambda: notices.Renderer(""),
        lambda: notices.Outbox(""),
        lambda: notices.CsvContactRegister.load(""),
        lambda: notices.CsvPartyRegister.load(""),
        lambda: monitor.load_key(""),
        lambda: monitor.load_thresholds(""),
        lambda: monitor.write_events([], ""),
        lambda: minimise.load_policy(""),
        lambda: rules.load_rule_set(""),
        lambda: rules.load_rules_config(""),
        lambda: sharing.load_setup(""),
        lambda: elhub_cim.write_file("", b"<a/>", overwrite=True),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=r"is a path, not empty") as raised:
            call()
        assert not isinstance(raised.value, elhub_cim.ElhubCimError)


def test_a_path_holding_a_nul_is_refused_as_the_caller_s_mistake(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (no file has a NUL in its name: write_file and load_rules_config raised Python's
    # "embedded null byte", naming no argument, after the checks that name one)
    from elhub_cim import minimise, monitor, notices, rules, sharing

    monkeypatch.chdir(tmp_path)
    calls: list[Callable[[], object]] = [
        lambda: notices.Renderer("a\0b"),
        lambda: monitor.load_key("a\0b"),
        lambda: minimise.load_policy("a\0b"),
        lambda: rules.load_rule_set("a\0b"),
        lambda: rules.load_rules_config("a\0b"),
        lambda: sharing.load_setup("a\0b"),
        lambda: elhub_cim.write_file(Path("a\0b"), b"<a/>", overwrite=True),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=r"is a path, not one holding a NUL") as raised:
            call()
        assert not isinstance(raised.value, elhub_cim.ElhubCimError)


def _one_zero_interval(setup: Any, interval_minutes: Any) -> object:
    """``IntervalData.from_arrays`` of one interval of zeros, with ``interval_minutes``."""
    import numpy as np

    from elhub_cim import sharing

    return sharing.IntervalData.from_arrays(
        setup,
        datetime(2026, 8, 10, tzinfo=UTC),
        interval_minutes,
        np.zeros((1, len(setup.contributors)), dtype=np.int64),
        np.zeros((1, len(setup.recipients)), dtype=np.int64),
    )


@pytest.mark.parametrize("form", ["yaml", "JSON", "", None, 1])
def test_the_nordic_projection_s_format_is_xml_or_json(form: Any) -> None:
    """``project(document, format=...)`` (named by ``nordic_to_json``'s own error as the way to
    write DataHub 3's JSON) wrote XML for any format but "json": a typo ("JSON", "yaml") gave
    XML where JSON was asked for, without a word. Another format is refused at the call."""
    from elhub_cim.formats import nordic

    cim = Path(__file__).parent.parent / "examples/cim/RequestChangeOfSupplier_BRS-NO-102.xml"
    error = TypeError if not isinstance(form, str) else ValueError
    with pytest.raises(error, match="format is 'xml' or 'json'"):
        nordic.project(cim.read_bytes(), format=form)
    document, _ = elhub_cim.check(cim)
    with pytest.raises(error, match="format is 'xml' or 'json'"):
        nordic.write(document, format=form)


def _nordic_calls() -> list[tuple[str, Callable[[Any], object]]]:
    from elhub_cim.formats import cimjson, nordic, nordic_json

    return [
        ("from_nordic", nordic.from_nordic),
        ("from_json", cimjson.from_json),
        ("nordic_from_json", nordic_json.nordic_from_json),
        ("nordic_to_json", nordic_json.nordic_to_json),
    ]


@pytest.mark.parametrize("wrong", [None, 5, "a.xml", Path("a.xml"), elhub_cim.Text("<a/>")])
@pytest.mark.parametrize("call", range(4))
def test_the_json_and_lift_functions_name_data_of_the_wrong_type(call: int, wrong: Any) -> None:
    """``from_nordic``, ``from_json``, ``nordic_from_json`` and ``nordic_to_json`` take the
    document's bytes: anything else failed deep inside ("'NoneType' object is not
    subscriptable", "lstrip arg must be None or str"), a memoryview with an AttributeError, and
    ``from_nordic``'s ``brs`` given a number too. Each is a TypeError naming the argument; the
    bytes-like forms are read as bytes, as everywhere in the library."""
    _, function = _nordic_calls()[call]
    with pytest.raises(TypeError, match=r"^(data|nordic_xml) is the document's bytes"):
        function(wrong)


def test_the_json_and_lift_functions_read_a_memoryview_as_bytes() -> None:
    from elhub_cim.formats import cimjson, nordic, nordic_json

    cim = Path(__file__).parent.parent / "examples/cim/RequestChangeOfSupplier_BRS-NO-102.xml"
    nordic_xml = nordic.project(cim.read_bytes()).data
    nordic_json_data = nordic.project(cim.read_bytes(), format="json").data
    cim_json = cimjson.to_json(cim.read_bytes())
    assert nordic_json.nordic_to_json(memoryview(nordic_xml)) == nordic_json_data
    assert nordic_json.nordic_from_json(memoryview(nordic_json_data)) == (
        nordic_json.nordic_from_json(nordic_json_data)
    )
    assert cimjson.from_json(memoryview(cim_json)) == cimjson.from_json(cim_json)
    lifted = nordic.from_nordic(memoryview(nordic_xml), brs="BRS-NO-102")
    assert lifted.data == nordic.from_nordic(nordic_xml, brs="BRS-NO-102").data
    with pytest.raises(TypeError, match=r"^brs is a str or None, not int"):
        nordic.from_nordic(nordic_xml, brs=102)  # type: ignore[arg-type]


@pytest.mark.parametrize("limit", NOT_LIMITS)
@pytest.mark.parametrize("call", range(3))
def test_the_json_readers_refuse_a_size_limit_that_is_none(call: int, limit: Any) -> None:
    """``from_json``, ``nordic_from_json`` and ``from_nordic`` of JSON took ``max_bytes=0`` (or
    -1, 1.5, True) as a limit and refused every document as too large (``JSON_TOO_LARGE``, an
    error of the input), a text or None with "'>' not supported"; the XML readers said
    ``max_bytes`` is wrong. So do the JSON readers, at the call."""
    from elhub_cim.formats import cimjson, nordic, nordic_json

    cim = Path(__file__).parent.parent / "examples/cim/RequestChangeOfSupplier_BRS-NO-102.xml"
    data = nordic.project(cim.read_bytes(), format="json").data
    functions: list[Callable[..., object]] = [
        cimjson.from_json,
        nordic_json.nordic_from_json,
        nordic.from_nordic,
    ]
    with pytest.raises(ValueError, match=f"max_bytes is a whole number, at least 1, not {limit!r}"):
        functions[call](data, max_bytes=limit)


def _formats_calls() -> dict[str, Callable[[Any], object]]:
    from elhub_cim.formats import cimjson, nordic, nordic_json

    cim = Path(__file__).parent.parent / "examples/cim/RequestChangeOfSupplier_BRS-NO-102.xml"
    xml = cim.read_bytes()
    nordic_xml = nordic.project(xml).data
    nordic_json_data = nordic.project(xml, format="json").data
    cim_json = cimjson.to_json(xml)
    return {
        "pretty": lambda v: nordic.project(xml, pretty=v),
        "pretty ": lambda v: nordic.from_nordic(nordic_xml, brs="BRS-NO-102", pretty=v),
        "pretty  ": lambda v: cimjson.from_json(cim_json, pretty=v),
        "pretty   ": lambda v: nordic_json.nordic_from_json(nordic_json_data, pretty=v),
        "indent": lambda v: cimjson.to_json(xml, indent=v),
        "indent ": lambda v: nordic_json.nordic_to_json(nordic_xml, indent=v),
        "name": lambda v: cimjson.from_json(cim_json, name=v),
        "name ": lambda v: nordic.project(xml, name=v),
        "name  ": lambda v: nordic_json.nordic_to_json(nordic_xml, name=v),
        "namespace": lambda v: cimjson.from_json(cim_json, namespace=v),
    }


_FORMATS_WRONG = {"pretty": ["no", 1, None], "indent": ["no", 1.5, True], "name": [1, b"x"]}
_FORMATS_WRONG["namespace"] = [1, b"x"]
_FORMATS_ARGUMENTS = ["pretty", "pretty ", "pretty  ", "pretty   ", "indent", "indent ", "name"]
_FORMATS_ARGUMENTS += ["name ", "name  ", "namespace"]


@pytest.mark.parametrize(
    ("argument", "wrong"),
    [
        (argument, wrong)
        for argument in _FORMATS_ARGUMENTS
        for wrong in _FORMATS_WRONG[argument.strip()]
    ],
)
def test_the_formats_functions_refuse_arguments_of_the_wrong_type(
    argument: str, wrong: Any
) -> None:
    """The formats' functions took ``pretty="no"`` as true (pretty output), a number as a name
    (``from_json``: kept for its messages), ``indent="no"`` with "can't multiply sequence" and
    a ``namespace`` of no text as the JSON's fault (``JSON_UNKNOWN``). Each is a TypeError
    naming the argument, at the call, as the top-level functions give."""
    call = _formats_calls()[argument]
    with pytest.raises(TypeError, match=f"^{argument.strip()} is "):
        call(wrong)
