"""Documents people print or share: a report and a conference pack as PDF, and the family
version of a report (acronyms written out, with a glossary).

PDFs are rendered from HTML by WeasyPrint (pure Python on top of Debian's Pango). They carry
the OFFICIAL-SENSITIVE marking and page numbers on every page; the child's name is only ever
inside, never on the cover, in the PDF's metadata or in the file name.
"""
