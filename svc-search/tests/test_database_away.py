"""With its database away, svc-search keeps answering from its local index and the last
synonyms, best bets and site names it read: no query fails because PostgreSQL does."""

from __future__ import annotations

from search_builders import index, item, search

from govkit.testing.databases import database_away


def editor(tokens) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return tokens.bearer(
        tokens.issue("ed-1", roles=[{"role": "site_editor", "scope": "site:portal"}])
    )


async def test_search_answers_with_its_last_synonyms_while_the_database_is_away(
    client, tokens, pg_server
):
    app = client._transport.app
    await index(client, item(title="城乡居民医疗保险缴费通知"))
    response = await client.post(
        "/synonyms", json={"terms": ["看病报销", "医疗保险"]}, headers=editor(tokens)
    )
    assert response.status_code == 201, response.text
    warm = await search(client, q="看病报销", facets="site")
    assert warm["total"] == 1

    with database_away(pg_server, app.state.settings.database_url):
        # Every snapshot due for a reload, as after its TTL: each reload now fails.
        app.state.analyzer.invalidate()
        app.state.pins.invalidate()
        app.state.site_names.invalidate()
        for _ in range(3):
            away = await search(client, q="看病报销", facets="site")
            assert away["total"] == 1 and away["hits"][0]["title"].endswith("缴费通知")
            assert away["facets"] == warm["facets"]
        qa = await client.get("/qa", params={"q": "看病报销怎么缴费"})
        assert qa.status_code == 200, qa.text
        suggest = await client.get("/suggest", params={"q": "城乡"})
        assert suggest.status_code == 200 and suggest.json()["suggestions"] == []

    app.state.analyzer.invalidate()
    app.state.site_names.invalidate()
    back = await client.get("/suggest", params={"q": "城乡"})
    assert back.json()["suggestions"] == ["城乡居民医疗保险缴费通知"]
