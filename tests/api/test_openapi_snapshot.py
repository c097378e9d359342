"""The OpenAPI schema is a promise to API clients: a change must be deliberate, and shows in review as a
diff of tests/api/openapi.json (wagtail's snapshot test)."""

import json
import os
from pathlib import Path

from dangvu.core.api import api

SNAPSHOT = Path(__file__).with_name("openapi.json")


def _live() -> str:
    return json.dumps(api.get_openapi_schema(), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_schema_matches_the_snapshot():
    live = _live()
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(live, encoding="utf-8")
    saved = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    assert live == saved, (
        "The OpenAPI schema changed. If the change is intended, rewrite the snapshot with "
        "`UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/api` and commit tests/api/openapi.json."
    )


def test_schema_is_served_and_declares_bearer_auth(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/organizations" in schema["paths"]
    assert "/api/organizations/{code}" in schema["paths"]
    assert schema["components"]["securitySchemes"]["BearerToken"] == {"type": "http", "scheme": "bearer"}


def test_docs_page_loads_nothing_from_another_site(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "http://" not in html and "https://" not in html and 'src="//' not in html
    assert '"validatorUrl": null' in html
