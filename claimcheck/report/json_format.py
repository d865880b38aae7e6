"""The stable JSON interface (version 1, SPEC.md): findings with 1-based positions into the file
that holds the text, and a summary (with the documentation URL of each rule that fired, when the
package declares its repository)."""
from __future__ import annotations

import json
from collections import Counter

from claimcheck.lint import FileResult
from claimcheck.report.rule_docs import rule_url

SCHEMA_VERSION = 1


def render_json(results: list[FileResult]) -> str:
    findings = [f for r in results for f in r.findings]
    documents = [r.document for r in results if r.document]
    summary = {
        "files": sum(len(d.files) for d in documents),
        "documents": len(documents),
        "sentences": sum(1 for d in documents for _ in d.sentences()),
        "tables": sum(len(d.tables) for d in documents),
        "findings": len(findings),
        "by_severity": dict(Counter(f.severity for f in findings)),
        "by_code": dict(sorted(Counter(f.code for f in findings).items())),
        "rule_urls": {code: rule_url(code) for code in sorted({f.code for f in findings})},
        "errors": [str(r.error) for r in results if r.error],
    }
    payload = {"version": SCHEMA_VERSION, "findings": [f.to_json() for f in findings], "summary": summary}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
