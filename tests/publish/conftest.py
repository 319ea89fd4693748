"""The demo and reference editions published once per test session (render,
tiles, ALTO, METS, manifest, PDF/A and site), for the tests of each part."""
from __future__ import annotations

import pytest
from publishing import BASE_URL, DEMO, REFERENCE, SCHEMAS

from layout.publish import PublishOptions, publish


@pytest.fixture(scope="session")
def demo_published(tmp_path_factory, font_cache):
    out = tmp_path_factory.mktemp("published-demo")
    return publish(str(DEMO), PublishOptions(out_dir=str(out), base_url=BASE_URL), cache=font_cache)


@pytest.fixture(scope="session")
def reference_published(tmp_path_factory, font_cache):
    out = tmp_path_factory.mktemp("published-reference")
    return publish(str(REFERENCE), PublishOptions(out_dir=str(out)), cache=font_cache)


@pytest.fixture(scope="session", params=["demo", "reference"])
def published(request):
    return request.getfixturevalue(f"{request.param}_published")


@pytest.fixture(scope="session")
def alto_schema():
    import xmlschema
    return xmlschema.XMLSchema(str(SCHEMAS / "alto-4-4.xsd"),
                               locations=[("http://www.w3.org/1999/xlink", str(SCHEMAS / "xlink.xsd"))])


@pytest.fixture(scope="session")
def mets_schema():
    import xmlschema
    return xmlschema.XMLSchema(str(SCHEMAS / "mets-1-12-1.xsd"),
                               locations=[("http://www.w3.org/1999/xlink", str(SCHEMAS / "xlink.xsd"))])
