"""One expat parser for every part of an untrusted workbook the importer reads itself.

Entity declarations (the "billion laughs" and external-entity attacks) are
refused as defusedxml refuses them, and parameter entities are never parsed;
document type declarations, which no spreadsheet part needs, are refused too
unless a caller keeps openpyxl's tolerance of them (the worksheet reader, whose
values must equal openpyxl's). A refusal raises XmlRefused; each caller turns
it into its damaged-file sentence.
"""

from __future__ import annotations

from xml.parsers import expat


class XmlRefused(ValueError):
    """A document type or entity declaration in a workbook part: never expanded."""


def _refuse(*_args) -> None:
    raise XmlRefused("a DTD or an entity declaration in a spreadsheet part")


def guarded_parser(refuse_doctype: bool = True):
    """A namespace-aware expat parser (names as "namespace local") with the guards above."""
    parser = expat.ParserCreate(namespace_separator=" ")
    if refuse_doctype:
        parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser
