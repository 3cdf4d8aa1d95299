"""YAML streams, on generated documents: whatever a standard YAML writer makes of a
sequence of agreements, reading the stream gives back each agreement, in order, at the
line where YAML itself finds it."""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from sundhedsregler import strategies
from sundhedsregler._check.loading import parse_yaml_document, yaml_stream

SOURCE = "stream.yaml"

# How a pipeline might write its stream: PyYAML's block and flow styles, narrow lines
# (long texts folded over several lines), Unicode kept or escaped, '---' before the
# first document or not, '...' after each or not.
STYLES = st.fixed_dictionaries(
    {
        "default_flow_style": st.sampled_from([False, None, True]),
        "width": st.sampled_from([20, 80, 10_000]),
        "allow_unicode": st.booleans(),
        "explicit_start": st.booleans(),
        "explicit_end": st.booleans(),
        "sort_keys": st.booleans(),
    }
)


def _data(doc: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(doc.model_dump_json(by_alias=True, exclude_none=True))
    return data


@given(st.lists(strategies.documents(), min_size=2, max_size=4), STYLES)
def test_a_stream_reads_back_every_document_in_order(docs: list[Any], style: dict[str, Any]) -> None:
    datas = [_data(d) for d in docs]
    text = yaml.safe_dump_all(datas, **style)
    stream = yaml_stream(text)
    assert stream is not None and len(stream) == len(datas)
    assert [parse_yaml_document(d, source=SOURCE) for d in stream] == datas
    # Each document starts where PyYAML, reading the whole stream, finds its content.
    nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    assert [d.line for d in stream] == [n.start_mark.line + 1 for n in nodes]


# Text that looks like YAML's own markers, comments and line breaks (NEL, LS and PS
# are line breaks to YAML 1.1 as well).
AWKWARD = st.text(alphabet=st.sampled_from(list("-.#:%'\" \t\nab\r\x85\u2028\u2029")), max_size=30).map(
    lambda s: s.replace("\r", "\r\n")
)


@given(st.lists(st.tuples(strategies.documents(), AWKWARD), min_size=2, max_size=3), STYLES)
def test_markers_and_line_breaks_inside_values_do_not_cut_the_stream(
    pairs: list[tuple[Any, str]], style: dict[str, Any]
) -> None:
    datas = [{**_data(d), "titel": awkward, "noter": f"---\n{awkward}\n..."} for d, awkward in pairs]
    text = yaml.safe_dump_all(datas, **style)
    stream = yaml_stream(text)
    assert stream is not None and len(stream) == len(datas)
    # What PyYAML reads from the whole stream (not always what was written: it writes a
    # NEL inside a quoted text as it is, and reads it back as a line break).
    assert [parse_yaml_document(d, source=SOURCE) for d in stream] == list(yaml.safe_load_all(text))
