"""Reading JSON-LD the way a search engine does, without the network.

``extruct`` takes the JSON-LD out of a rendered page; ``pyld`` expands it
against schema.org's context, which is served from ``tests/data`` by
:func:`local_document_loader` while :func:`no_network` makes every socket
connection fail.

The shipped context (``tests/data/schemaorg-context.jsonld``) is built by
:func:`build_schemaorg_context` from the schema.org vocabulary as rdflib
ships it (``rdflib.namespace.SDO``; rdflib comes with extruct), in the shape
of schema.org's own context file: every term mapped to ``schema:Term``, and
properties whose values are URLs typed ``@id``. Unlike schema.org's file it
has no ``@vocab``, so that expansion drops any property schema.org does not
define, and :func:`unknown_terms` can tell which.
"""

from __future__ import annotations

import contextlib
import json
import socket
from pathlib import Path
from typing import Any

CONTEXT_FILE = Path(__file__).parent / "data" / "schemaorg-context.jsonld"
SCHEMA = "http://schema.org/"
# How a page names the context: schema.org's recommended spellings.
CONTEXT_URLS = {
    "https://schema.org",
    "https://schema.org/",
    "http://schema.org",
    "http://schema.org/",
}
# Properties whose values here are URLs (their schema.org range includes URL).
URL_PROPERTIES = (
    "contentUrl",
    "discussionUrl",
    "image",
    "isBasedOn",
    "logo",
    "mainEntityOfPage",
    "sameAs",
    "target",
    "url",
)


def build_schemaorg_context() -> dict:
    from rdflib.namespace import SDO

    terms: dict[str, Any] = {"schema": SCHEMA, "id": "@id", "type": "@type"}
    for name in sorted(SDO.__annotations__):
        if name.startswith("_"):
            continue
        terms[name] = {"@id": f"schema:{name}"}
        if name in URL_PROPERTIES:
            terms[name]["@type"] = "@id"
    return {"@context": terms}


def schemaorg_context() -> dict:
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))


class LocalDocumentLoader:
    """A pyld document loader that serves schema.org's context from disk, and nothing else."""

    def __init__(self) -> None:
        self.requested: list[str] = []
        self.context = schemaorg_context()

    def __call__(self, url: str, options: dict | None = None) -> dict:
        self.requested.append(url)
        if url not in CONTEXT_URLS:
            raise AssertionError(f"JSON-LD asked for a document other than schema.org's: {url}")
        return {"contextUrl": None, "documentUrl": url, "document": self.context}


class NetworkUsed(AssertionError):
    pass


@contextlib.contextmanager
def no_network():
    """Every outgoing connection in the block fails; yields the list of attempts."""
    attempts: list[Any] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def connect(self, address, *args, **kwargs):
        attempts.append(address)
        raise NetworkUsed(f"network connection attempted: {address!r}")

    def getaddrinfo(host, *args, **kwargs):
        attempts.append(host)
        raise NetworkUsed(f"network name lookup attempted: {host!r}")

    socket.socket.connect = connect
    socket.socket.connect_ex = connect
    socket.getaddrinfo = getaddrinfo
    try:
        yield attempts
    finally:
        socket.socket.connect = real_connect
        socket.socket.connect_ex = real_connect_ex
        socket.getaddrinfo = real_getaddrinfo


def extract_jsonld(html: str, url: str) -> list[dict]:
    """The page's JSON-LD items, as extruct reads them."""
    import extruct

    return extruct.extract(html, base_url=url, syntaxes=["json-ld"], errors="strict")["json-ld"]


def expand(document: dict, loader: LocalDocumentLoader) -> list[dict]:
    from pyld import jsonld

    # pyld keeps resolved contexts between calls; start from nothing so that
    # the loader is asked, and nothing cached elsewhere answers for it.
    jsonld._resolved_context_cache.clear()
    return jsonld.expand(document, {"documentLoader": loader})


def unknown_terms(document: Any) -> set[str]:
    """Keys of ``document`` (at any depth) that schema.org's context does not define."""
    known = set(schemaorg_context()["@context"])
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if not key.startswith("@") and key not in known:
                    found.add(key)
                if key == "@type":
                    types = value if isinstance(value, list) else [value]
                    found.update(t for t in types if t not in known)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(document)
    return found


def values(node: dict, prop: str) -> list[Any]:
    """The values of schema.org property ``prop`` on an expanded node."""
    result = []
    for item in node.get(SCHEMA + prop, []):
        if "@value" in item:
            result.append(item["@value"])
        elif set(item) == {"@id"}:
            result.append(item["@id"])
        else:
            result.append(item)
    return result


def value(node: dict, prop: str) -> Any:
    found = values(node, prop)
    assert len(found) == 1, (prop, found)
    return found[0]


def types(node: dict) -> list[str]:
    return [t.removeprefix(SCHEMA) for t in node.get("@type", [])]


if __name__ == "__main__":  # .venv/bin/python -m tests.jsonld rewrites the shipped context
    CONTEXT_FILE.write_text(
        json.dumps(build_schemaorg_context(), indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
