"""Problems in input documents: a stable code for each, and its text in Danish and
English.

A :class:`~sundhedsregler.errors.FieldProblem` carries its code and the values its text
needs; its ``message`` is the English text (as it always was), and ``text(lang)`` gives
the text in the report's language. pydantic's error types are mapped to codes of our
own here, so the codes stay when pydantic renames a type; the English text of a
validation problem is pydantic's own message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from babel import Locale
from babel.numbers import format_decimal

# code -> (Danish, English) text, with {named} values. An English text of None: the
# problem's message as it was made (pydantic's message, a parser's message).
TEXTS: dict[str, tuple[str, str | None]] = {
    # reading
    "cannot-read": ("kan ikke læses: {reason_da}", "cannot read: {reason}"),
    "too-large": ("større end {mib} MiB", "larger than {mib} MiB"),
    "line-too-large": ("linjen er større end {mib} MiB", "line larger than {mib} MiB"),
    "input-unread": (
        "resten af input læses ikke: en linje uden ende, mere end dobbelt så stor som grænsen",
        "the rest of the input is not read: a line without end, more than twice the limit",
    ),
    "too-many-documents": (
        "en liste af {count} dokumenter; højst {limit} i én liste",
        "a list of {count} documents; at most {limit} in one list",
    ),
    "portfolio-too-many-requirements": (
        "porteføljens aftaler har i alt {count} krav; højst {limit} i én portefølje: del den i mindre porteføljer",
        "the portfolio's agreements hold {count} requirements (krav) in all; at most {limit} in one portfolio: "
        "check it in smaller portfolios",
    ),
    "worker-lost": (
        "ikke vurderet: processen, der vurderede det, sluttede uventet ({how}), også da dets dokumenter "
        "blev givet til en ny proces igen",
        "not evaluated: the worker process evaluating it ended unexpectedly ({how}), also when its "
        "documents were given to a new worker once more",
    ),
    "not-utf8": ("ikke UTF-8-tekst (byte {byte})", "not UTF-8 text (byte {byte})"),
    "empty": ("der er intet indhold", "the input is empty"),
    "stream-empty": (
        "der er intet indhold (kun '---'-markeringer, kommentarer og tomme linjer)",
        "the input is empty (only '---' markers, comments and blank lines)",
    ),
    "stream-empty-document": (
        "YAML-dokumentet er tomt (intet efter dets '---' før det næste)",
        "the YAML document is empty (nothing after its '---' before the next one)",
    ),
    "yaml-stream": (
        "filen er en YAML-strøm af {count} dokumenter (adskilt af '---'); load_document læser ét: "
        "kontrollér dem alle med `sundhedsregler check {source}`, eller giv hvert dokument til "
        "load_document som en mapping",
        "the file is a YAML stream of {count} documents (separated by '---'); load_document reads "
        "one: check them all with `sundhedsregler check {source}`, or pass each document to "
        "load_document as a mapping",
    ),
    "invalid-json": ("ugyldig JSON: {detail}", "invalid JSON: {detail}"),
    "invalid-yaml": ("ugyldig YAML: {detail}", "invalid YAML: {detail}"),
    "duplicate-key": ("nøglen {key} står to gange", "duplicate key {key}"),
    "yaml-alias": ("ugyldig YAML: YAML-aliasser (& og *) accepteres ikke", None),
    "too-deep": ("indlejret i mere end {limit} niveauer", "nested deeper than {limit} levels"),
    "invalid-number": ("{name} er ikke et gyldigt tal i et dokument", "{name} is not a valid number in a document"),
    "unreadable": ("kan ikke læses: {detail}", "{detail}"),
    "empty-list": ("filen indeholder en tom liste af dokumenter", "the file holds an empty list of documents"),
    "yaml-empty-list": (
        "YAML-dokumentet er en tom liste af dokumenter",
        "the YAML document is an empty list of documents",
    ),
    "stdin-unavailable": ("standardinput er ikke tilgængeligt", "standard input is not available"),
    "directory-empty": (
        "mappen indeholder ingen .json-, .yaml-, .yml- eller .jsonl-filer",
        "the directory holds no .json, .yaml, .yml or .jsonl files",
    ),
    # validating
    "not-an-object": (
        "et dokument skal være et objekt med felter, ikke {type_da}",
        "a document must be an object, not {type}",
    ),
    "kind-invalid": ("'kind' skal være en af {kinds}", "'kind' must be one of {kinds}"),
    "kind-missing": ("'kind' mangler; den skal være en af {kinds}", "'kind' is missing; it must be one of {kinds}"),
    "field-missing": ("feltet mangler", None),
    "field-unknown": ("feltet kendes ikke i denne slags dokument", None),
    "not-text": ("skal være en tekst", None),
    "not-integer": ("skal være et helt tal", None),
    "not-number": ("skal være et tal", None),
    "not-finite": ("skal være et endeligt tal", None),
    "not-boolean": ("skal være true eller false", None),
    "not-date": ("skal være en dato på formen ÅÅÅÅ-MM-DD", None),
    "not-datetime": ("skal være et tidspunkt på formen ÅÅÅÅ-MM-DDTtt:mm:ss", None),
    "not-list": ("skal være en liste", None),
    "not-object": ("skal være et objekt med felter", None),
    "not-allowed-value": ("skal være {expected_da}", None),
    "below-minimum": ("skal være mindst {ge}", None),
    "not-above": ("skal være større end {gt}", None),
    "above-maximum": ("må højst være {le}", None),
    "not-below": ("skal være mindre end {lt}", None),
    "text-too-short": ("skal have mindst {min_length} {chars_min}", None),
    "text-too-long": ("må højst have {max_length} {chars_max}", None),
    "text-pattern": ("har ikke den krævede form ({pattern})", None),
    "list-too-short": ("skal have mindst {min_length} {items_min} (har {actual_length})", None),
    "list-too-long": ("må højst have {max_length} {items_max} (har {actual_length})", None),
    "invalid-value": ("ugyldig værdi ({message})", None),
    # evaluating
    "evaluation-failed": ("kunne ikke vurderes: {detail}", "{detail}"),
}

# pydantic's error type -> our code
PYDANTIC_CODES: dict[str, str] = {
    "missing": "field-missing",
    "extra_forbidden": "field-unknown",
    "string_type": "not-text",
    "string_sub_type": "not-text",
    "string_unicode": "not-text",
    "int_type": "not-integer",
    "int_parsing": "not-integer",
    "int_parsing_size": "not-integer",
    "int_from_float": "not-integer",
    "float_type": "not-number",
    "float_parsing": "not-number",
    "finite_number": "not-finite",
    "bool_type": "not-boolean",
    "bool_parsing": "not-boolean",
    "date_type": "not-date",
    "date_parsing": "not-date",
    "date_from_datetime_parsing": "not-date",
    "date_from_datetime_inexact": "not-date",
    "datetime_type": "not-datetime",
    "datetime_parsing": "not-datetime",
    "datetime_from_date_parsing": "not-datetime",
    "list_type": "not-list",
    "dict_type": "not-object",
    "model_type": "not-object",
    "model_attributes_type": "not-object",
    "literal_error": "not-allowed-value",
    "enum": "not-allowed-value",
    "greater_than_equal": "below-minimum",
    "greater_than": "not-above",
    "less_than_equal": "above-maximum",
    "less_than": "not-below",
    "string_too_short": "text-too-short",
    "string_too_long": "text-too-long",
    "string_pattern_mismatch": "text-pattern",
    "too_short": "list-too-short",
    "too_long": "list-too-long",
}

_DANISH = Locale.parse("da")
# Danish words for what a Python type name says a document was instead of an object.
_TYPE_DA = {
    "list": "en liste",
    "str": "en tekst",
    "int": "et tal",
    "float": "et tal",
    "bool": "en sandhedsværdi",
    "NoneType": "ingenting",
}
# strerror of the common reasons a file cannot be read (errno name -> Danish)
_OS_REASONS_DA = {
    "ENOENT": "filen findes ikke",
    "EACCES": "adgang nægtet",
    "EPERM": "adgang nægtet",
    "EISDIR": "det er en mappe",
    "ENOTDIR": "en del af stien er ikke en mappe",
    "ENAMETOOLONG": "navnet er for langt",
    "ELOOP": "for mange symbolske links",
    "EIO": "fejl ved læsning fra disken",
}


def _plural_da(n: Any, one: str, other: str) -> str:
    """The Danish noun for a count, by CLDR's plural rule (Babel)."""
    return one if isinstance(n, int) and _DANISH.plural_form(n) == "one" else other


def _or_da(expected: str) -> str:
    """pydantic's list of allowed values ("'a', 'b' or 'c'") in Danish."""
    head, sep, last = expected.rpartition(" or ")
    return f"{head} eller {last}" if sep else expected


def _danish_values(code: str, args: Mapping[str, Any]) -> dict[str, Any]:
    """The values a Danish text uses beyond the problem's own."""
    out = dict(args)
    if code == "cannot-read":
        out["reason_da"] = _OS_REASONS_DA.get(str(args.get("errno", "")), args.get("reason", ""))
    elif code == "not-an-object":
        out["type_da"] = _TYPE_DA.get(str(args.get("type")), str(args.get("type")))
    elif code == "not-allowed-value":
        expected = str(args.get("expected", ""))
        out["expected_da"] = ("en af " + _or_da(expected)) if " or " in expected else _or_da(expected)
    elif code in ("below-minimum", "not-above", "above-maximum", "not-below"):
        for key in ("ge", "gt", "le", "lt"):
            value = args.get(key)
            if isinstance(value, (int, float)):
                out[key] = format_decimal(value, locale=_DANISH)
    out["chars_min"] = _plural_da(args.get("min_length"), "tegn", "tegn")
    out["chars_max"] = _plural_da(args.get("max_length"), "tegn", "tegn")
    out["items_min"] = _plural_da(args.get("min_length"), "element", "elementer")
    out["items_max"] = _plural_da(args.get("max_length"), "element", "elementer")
    return out


def render(code: str, args: Mapping[str, Any], lang: str, message: str) -> str:
    """The text of a problem in a language; ``message`` is its English text."""
    if lang != "da":
        return message
    texts = TEXTS.get(code)
    if texts is None:
        return TEXTS["invalid-value"][0].format(message=message)
    try:
        return texts[0].format(**_danish_values(code, {**args, "message": message}))
    except (KeyError, IndexError, ValueError):  # a value the text needs is missing: say what we know
        return TEXTS["invalid-value"][0].format(message=message)


def english(code: str, args: Mapping[str, Any]) -> str:
    """The English text of one of our own problems (not a validation problem)."""
    en = TEXTS[code][1]
    assert en is not None, code
    return en.format(**args)


def from_pydantic(error: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """(code, values) of one of pydantic's errors."""
    code = PYDANTIC_CODES.get(str(error.get("type")), "invalid-value")
    ctx = error.get("ctx") or {}
    values = {k: v for k, v in ctx.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)}
    return code, values
