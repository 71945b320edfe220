#!/usr/bin/env python3
"""Writes a text (one paragraph per line) as a Word document laid out the way the national
database of laws (flk.npc.gov.cn) lays out its Word files: the title and headings centred,
each article's number in bold in a run of its own, body paragraphs indented by paragraph
format (not by spaces), and each line split into several runs as Word splits them.

The test fixture tests/data/docx/state-secrets-law-2024.docx was made with python-docx 1.2:

    pip install python-docx
    python3 tools/make_docx.py versions/state-secrets-law/2024.txt tests/data/docx/state-secrets-law-2024.docx
"""
import re
import sys

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

ARTICLE = re.compile(r"^(第[一二三四五六七八九十百千零〇]+条(?:之[一二三四五六七八九十]+)?)\s*(.*)$")
HEADING = re.compile(r"^\s*第[一二三四五六七八九十]+[编章节]")


def main(src, out):
    lines = open(src, encoding="utf-8").read().splitlines()
    d = docx.Document()
    # Fixed metadata, so that the same text makes the same file.
    d.core_properties.author = "lexdiff"
    for i, line in enumerate(lines):
        p = d.add_paragraph()
        if i == 0 or HEADING.match(line):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(line.strip()).bold = i == 0
            continue
        p.paragraph_format.first_line_indent = Pt(24)
        m = ARTICLE.match(line)
        if m:
            p.add_run(m.group(1)).bold = True
            p.add_run("\u3000")
            line = m.group(2)
        # Word splits runs at every change of formatting or revision; mimic a split.
        cut = len(line) // 2
        for part in (line[:cut], line[cut:]):
            if part:
                p.add_run(part)
    d.save(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
