"""PostgreSQL indexes of the one search (SQLite answers the same with LIKE over the folded columns):

* a trigram index serves the diacritics-free LIKE on the registry's folded text;
* a full-text index (``to_tsvector('simple', …)``, the same expression the query uses) serves the articles' words.
"""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS document_search_trgm ON documents_document USING gin (search_folded gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS article_search_fts ON portal_article USING gin (to_tsvector('simple', search_folded))"
    )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS document_search_trgm")
        schema_editor.execute("DROP INDEX IF EXISTS article_search_fts")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_registry_links_citations"), ("portal", "0002_article_search_text")]
    operations = [migrations.RunPython(forwards, backwards)]
