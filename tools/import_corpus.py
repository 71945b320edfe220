#!/usr/bin/env python3
"""Copy the shared corpus into versions/ with one document.yaml per document.

Maintainer tool, run once to create the bundled versions/ folder; kept for provenance.
Usage: python3 tools/import_corpus.py ../shared/corpus versions

- Texts are copied byte for byte and checked against the manifest's sha256.
- Metadata (title, kind, dates, source, quirks) comes from corpus/MANIFEST.yaml.
- `amended_by` is taken from the text's own history block: the entry dated with the
  version's adoption date, when there is one.
- Expected counts: articles / sub_articles / chapters from the manifest (laws); for
  reports, lines and the section (一、) and subsection (（一）) counts computed here with
  regular expressions, independently of lexdiff's parser.
"""
import hashlib
import pathlib
import re
import sys

import yaml

NUM = "零〇一二两三四五六七八九十百千"


def source_text(src):
    if isinstance(src, str):
        return src
    if "repo" in src:
        s = f"https://github.com/{src['repo']}/blob/{src['commit']}/{src['path']}"
        if "upstream" in src:
            s += f" (upstream: {src['upstream']})"
        return s
    parts = [f"{k}: {v}" for k, v in src.items()]
    return "; ".join(parts)


def history_entries(text):
    """The dated entries of a law's history block (before the first 第一章/第一条)."""
    entries = []
    lines = text.split("\n")
    for line in lines[1:40]:
        line = line.strip().strip("\u200b")
        if re.match(rf"^第[{NUM}]+(编|章|条)", line) or line in ("总则", lines[0].strip()):
            break
        line = line.lstrip("（(").rstrip("）)")
        for part in re.split(r"\s+(?=\d{4}年\d{1,2}月\d{1,2}日)", line):
            m = re.match(r"^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(.*)$", part)
            if m:
                entries.append(((int(m[1]), int(m[2]), int(m[3])), m[4].strip()))
            elif entries and part and not re.search("(通过|修订|修正|施行|公布|决定》)$", entries[-1][1]):
                d, t = entries[-1]
                entries[-1] = (d, t + part)
    return entries


def amended_by(text, adopted):
    y, m, d = (int(x) for x in adopted.split("-"))
    for date, rest in history_entries(text):
        # Only amendments name an amending act; the enacting session is not one.
        if date == (y, m, d) and re.search("修正|修订|修改|决定", rest):
            return rest
    return None


def main(corpus, out):
    corpus, out = pathlib.Path(corpus), pathlib.Path(out)
    manifest = yaml.safe_load((corpus / "MANIFEST.yaml").read_text(encoding="utf-8"))
    docs = {}
    for f in manifest["files"]:
        data = (corpus / f["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == f["sha256"], f["file"]
        text = data.decode("utf-8")
        doc = docs.setdefault(f["doc_id"], {"title": f["title_zh"], "kind": f["kind"], "versions": []})
        v = {"label": str(f["version"]), "adopted": str(f["adopted"])}
        if f.get("effective"):
            v["effective"] = str(f["effective"])
        v["source"] = source_text(f["source"])
        if f["kind"] == "law":
            a = amended_by(text, v["adopted"])
            if a:
                v["amended_by"] = a
        if f.get("quirks"):
            v["notes"] = f["quirks"]
        if f["kind"] == "law":
            v["expect"] = {
                "articles": f["articles"],
                "sub_articles": f["sub_articles"],
                "chapters": f["chapter_headings"],
            }
        else:
            lines = [l for l in text.split("\n") if l.strip()]
            v["expect"] = {
                "sections": sum(bool(re.match(rf"^[{NUM}]+、", l)) for l in lines),
                "subsections": sum(bool(re.match(rf"^（[{NUM}]+）", l)) for l in lines),
                "lines": len(lines),
            }
        doc["versions"].append(v)
        dest = out / f["doc_id"]
        dest.mkdir(parents=True, exist_ok=True)
        (dest / f"{v['label']}.txt").write_bytes(data)
    for doc_id, doc in docs.items():
        doc["versions"].sort(key=lambda v: (v["adopted"], v["label"]))
        meta = {"title": doc["title"], "kind": doc["kind"], "language": "zh", "versions": doc["versions"]}
        header = (
            f"# {doc['title']}: versions bundled with lexdiff.\n"
            "# Texts copied from the shared corpus (sources below); see tools/import_corpus.py.\n"
        )
        body = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
        (out / doc_id / "document.yaml").write_text(header + body, encoding="utf-8")
    print(f"{len(docs)} documents, {len(manifest['files'])} versions")


if __name__ == "__main__":
    main(*sys.argv[1:3])
