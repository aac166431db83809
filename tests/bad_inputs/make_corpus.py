#!/usr/bin/env python3
"""Writes the small hostile inputs that tests/bad_inputs.rs feeds to the CLI and to the GUI's
loading path, into tests/bad_inputs/corpus/.

Standard library only; deterministic (fixed random seed, fixed zip dates), so running it twice gives
byte-identical files. Run from anywhere:  python3 tests/bad_inputs/make_corpus.py

Files too big to commit (a 100 MB text, a DOCX that unpacks to gigabytes, an XLSX with a million
empty rows) are built by the Rust test in a temporary folder instead. The encrypted and scanned
PDFs are tests/fixtures/pdf/{encrypted,scanned}.pdf (written by tests/fixtures/make_pdfs.py).

  empty.<ext>            0 bytes, for every supported extension
  random.<ext>           4 KiB of random bytes, for every supported extension
  random_header.<ext>    the right magic bytes (%PDF-, PK zip entry, OLE header) then random bytes,
                         so the format's own reader, not the sniffer, has to refuse it
  truncated.{pdf,docx,xlsx}
                         the first half of tests/fixtures/generated/000_*.{pdf,docx,xlsx}
  tables_only.txt        seed 000 reduced to its table rows: no title, no sections, no prose
  tables_only.html       tests/fixtures/generated/000_*.html with every <p> removed
  t3_extra_column.txt    seed 000 with one more number at the end of every T3 row
  t3_missing_column.txt  seed 000 with the last number of every T3 row dropped
  gbk.txt                seed 001 encoded as GBK, saved with a plain .txt name
  novel.txt              Chinese prose that is not a report
  inventory.xlsx         a spreadsheet of something else (a stock list)

Issue 23 (bounds inside the readers, nothing invented; the big ones are in tests/hostile_readers.rs):
  double_flate.pdf       a page whose content is compressed twice: 1 GiB of zeros in 2 KB
  objstm_bomb.pdf        an object stream compressed twice (1 GiB), unpacked while the file loads
  ods_formulas.ods       cells holding only a formula, repeated 16 384 × 1 048 575 times
  ods_foreign_end.ods    values repeated as often, after a foreign <x:table></x:table>, which ends
                         no sheet for calamine
  ods_spaces.ods         a cell of <text:s text:c="1000000000"/>: a billion spaces
  count_<word>.txt       seed 000 with its first T3 count cell (一、本年新收 · 自然人) holding
                         N/A, 不适用, 暂无, inf, NaN, a lone space, or 99999999999999999999999
  utf8_stray_byte.txt    seed 000 with one 0xFF byte in its prose
  utf32le.txt, utf32be.txt
                         seed 001 as UTF-32 with its BOM
  huge_page_box.pdf      tests/fixtures/generated/000_*.pdf with each page box as 5.95e99 by
                         8418897637795280 (same length): numbers lopdf cannot parse
  stray_entity.docx      tests/fixtures/generated/000_*.docx with `&nbsp;` (undefined in XML) in its
                         first paragraph
  entity_only.docx       the same with every text run replaced by `&nbsp;&lol;`
"""

import io
import os
import random
import re
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")
FIXTURES = os.path.join(HERE, "..", "fixtures")
SEED_000 = "000_12af315242a02ca5"
SEED_001 = "001_49bc154c30d92ca6"
EXTENSIONS = ["pdf", "docx", "doc", "wps", "xlsx", "xls", "ods", "html", "txt"]
OLE_MAGIC = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
ZIP_DATE = (2024, 1, 1, 0, 0, 0)


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def read(*parts):
    with open(os.path.join(FIXTURES, *parts), "rb") as f:
        return f.read()


def header_for(ext):
    if ext == "pdf":
        return b"%PDF-1.7\n"
    if ext in ("docx", "xlsx", "ods"):
        return b"PK\x03\x04"
    if ext in ("doc", "wps", "xls"):
        return OLE_MAGIC
    return b"<html><body>" if ext == "html" else b""


def random_files(rng):
    for ext in EXTENSIONS:
        write(f"empty.{ext}", b"")
        write(f"random.{ext}", bytes(rng.randrange(256) for _ in range(4096)))
        head = header_for(ext)
        if head:
            write(f"random_header.{ext}", head + bytes(rng.randrange(256) for _ in range(4096)))


def truncated_files():
    for ext in ("pdf", "docx", "xlsx"):
        whole = read("generated", f"{SEED_000}.{ext}")
        write(f"truncated.{ext}", whole[: len(whole) // 2])


def seed_lines(stem):
    return read("seeds", f"{stem}.txt").decode("utf-8").split("\n")


def tables_only():
    lines = [l for l in seed_lines(SEED_000) if "\t" in l]
    write("tables_only.txt", "\n".join(lines).encode("utf-8") + b"\n")
    page = read("generated", f"{SEED_000}.html").decode("utf-8")
    page = re.sub(r"<p>.*?</p>\n?", "", page, flags=re.S)
    page = re.sub(r"<title>.*?</title>", "<title></title>", page, flags=re.S)
    write("tables_only.html", page.encode("utf-8"))


def t3_rows(lines):
    """Indices of the number rows of T3: between its heading (三、收到和处理…) and T4's (四、…)."""
    start = next(i for i, l in enumerate(lines) if l.startswith("三、收到和处理"))
    end = next(i for i, l in enumerate(lines) if l.startswith("四、政府信息公开行政复议"))
    return [i for i in range(start, end) if re.search(r"\t\d+\t?$", lines[i])]


def t3_columns():
    for name, change in (
        ("t3_extra_column.txt", lambda l: l.rstrip("\t") + "\t7"),
        ("t3_missing_column.txt", lambda l: re.sub(r"\t\d+\t?$", "", l)),
    ):
        lines = seed_lines(SEED_000)
        rows = t3_rows(lines)
        assert len(rows) >= 20, rows
        for i in rows:
            lines[i] = change(lines[i])
        write(name, "\n".join(lines).encode("utf-8"))


def gbk_text():
    write("gbk.txt", "\n".join(seed_lines(SEED_001)).encode("gbk"))


NOVEL = """第一章　雨夜

那一年的秋天来得格外早。老街尽头的杂货铺还亮着一盏昏黄的灯，掌柜的把算盘拨得噼啪作响，
嘴里念叨着今年的收成。窗外的雨一阵紧似一阵，打在青石板上，溅起细碎的水花。

阿明推门进来的时候，身上已经湿透了。他把油纸包放在柜台上，说是从省城带回来的点心，
一共三样，给掌柜的尝尝鲜。掌柜的笑了笑，说你这孩子，出门三年，倒学会客气了。

第二章　旧信

第二天一早，阿明在阁楼的木箱里翻出一沓旧信。信纸已经发黄，字迹却还清楚，
是母亲当年写给远在他乡的父亲的。信里说家里一切都好，院子里的枣树结了很多枣，
邻居王婶送来两只鸡，叫他不要挂念。阿明读着读着，眼眶就红了。

他把信一封一封叠好，放回箱子里，又在箱底摸到一张照片。照片上的父亲站在码头边，
穿着一件洗得发白的长衫，身后是一条破旧的木船。那是他记忆中父亲最后的样子。

第三章　远方

半个月后，阿明收拾好行李，准备再次离开。临走前，他去了一趟镇东头的小学，
看望当年教他读书的陈老师。陈老师已经退休了，每天在院子里种花养鱼，日子过得很清闲。
两人坐在葡萄架下聊了一下午，从镇上的变化聊到外面的世界，直到夕阳西下。
"""


def novel():
    write("novel.txt", NOVEL.encode("utf-8"))


def xlsx(rows):
    """A one-sheet workbook with inline strings and numbers, written by hand."""
    def cell(r, c, v):
        ref = f"{chr(65 + c)}{r}"
        if isinstance(v, (int, float)):
            return f'<c r="{ref}"><v>{v}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'

    sheet = "".join(
        f'<row r="{r}">' + "".join(cell(r, c, v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets><sheet name="库存" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>{sheet}</sheetData></worksheet>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def inventory():
    rows = [["办公用品库存表"], ["物品名称", "规格", "数量", "单价（元）", "金额（元）"]]
    items = [("A4 复印纸", "70g", 120, 25.5), ("签字笔", "0.5mm 黑", 300, 1.8),
             ("文件夹", "A4 蓝", 80, 6.0), ("订书钉", "24/6", 50, 2.5), ("硒鼓", "HP 88A", 6, 420.0)]
    for name, spec, n, price in items:
        rows.append([name, spec, n, price, round(n * price, 2)])
    rows.append(["合计", "", sum(i[2] for i in items), "", round(sum(i[2] * i[3] for i in items), 2)])
    write("inventory.xlsx", xlsx(rows))


def zlib_zeros(mib):
    """`mib` MiB of zeros, zlib-compressed at the best level, streamed."""
    z = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    out = [z.compress(chunk) for _ in range(mib)]
    out.append(z.flush())
    return b"".join(out)


def pdf(objects):
    """A PDF of the given (number, body) objects with a classic cross-reference table."""
    out = bytearray(b"%PDF-1.5\n")
    offsets = {}
    for n, body in objects:
        offsets[n] = len(out)
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    size = max(offsets) + 1
    xref = len(out)
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for n in range(1, size):
        out += (f"{offsets[n]:010} 00000 n \n" if n in offsets else "0000000000 00000 f \n").encode()
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(dictionary, data):
    return f"<< {dictionary} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


PAGE = [
    (1, b"<< /Type /Catalog /Pages 2 0 R >>"),
    (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
    (3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"),
]


def pdf_bombs():
    twice = zlib.compress(zlib_zeros(1024), 9)
    write("double_flate.pdf", pdf(PAGE + [(4, stream("/Filter [/FlateDecode /FlateDecode]", twice))]))
    objstm = stream("/Type /ObjStm /N 1 /First 4 /Filter [/FlateDecode /FlateDecode]", twice)
    content = stream("/Filter /FlateDecode", zlib.compress(b"BT ET"))
    write("objstm_bomb.pdf", pdf(PAGE + [(4, content), (5, objstm)]))


ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
    '<table:table table:name="表"><table:table-row><table:table-cell office:value-type="string">'
    "<text:p>表三</text:p></table:table-cell></table:table-row>"
)
ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"
FORMULA_ROWS = (
    '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
    'table:number-columns-repeated="16384" table:formula="of:=1"/></table:table-row>'
)


ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods(content):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo("mimetype", ZIP_DATE)
        z.writestr(info, b"application/vnd.oasis.opendocument.spreadsheet")
        # calamine refuses an ODS without its manifest before it unfolds anything.
        info = zipfile.ZipInfo("META-INF/manifest.xml", ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, ODS_MANIFEST.encode("utf-8"))
        info = zipfile.ZipInfo("content.xml", ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, content.encode("utf-8"))
    return buf.getvalue()


def ods_bombs():
    write("ods_formulas.ods", ods(ODS_HEAD + FORMULA_ROWS + ODS_TAIL))
    values = FORMULA_ROWS.replace('table:formula="of:=1"', 'office:value-type="float" office:value="1"')
    write("ods_foreign_end.ods", ods(ODS_HEAD + "<x:table></x:table>" + values + ODS_TAIL))
    spaces = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>a'
        '<text:s text:c="1000000000"/>b</text:p></table:table-cell></table:table-row>'
    )
    write("ods_spaces.ods", ods(ODS_HEAD + spaces + ODS_TAIL))


COUNT_WORDS = {
    "na": "N/A", "not_applicable": "不适用", "none_yet": "暂无", "inf": "inf", "nan": "NaN",
    "space": " ", "huge": "99999999999999999999999",
}


def count_cells():
    row = "一、本年新收政府信息公开申请数量\t\t2\t"
    text = "\n".join(seed_lines(SEED_000))
    assert row in text
    for name, word in COUNT_WORDS.items():
        changed = text.replace(row, f"一、本年新收政府信息公开申请数量\t\t{word}\t", 1)
        write(f"count_{name}.txt", changed.encode("utf-8"))


def encodings():
    text = "\n".join(seed_lines(SEED_000)).encode("utf-8")
    at = text.index("。".encode("utf-8")) + 3
    write("utf8_stray_byte.txt", text[:at] + b"\xff" + text[at:])
    seed = "\n".join(seed_lines(SEED_001))
    write("utf32le.txt", seed.encode("utf-32-le").join([b"\xff\xfe\x00\x00", b""]))
    write("utf32be.txt", seed.encode("utf-32-be").join([b"\x00\x00\xfe\xff", b""]))


def page_boxes():
    with open(os.path.join(FIXTURES, "generated", SEED_000 + ".pdf"), "rb") as f:
        data = f.read()
    wild = data.replace(b"595.303937007874 841.889763779528", b"5.95303937007e99 8418897637795280")
    assert len(wild) == len(data) and wild != data
    write("huge_page_box.pdf", wild)


def docx_with(name, edit):
    """The seed's DOCX with its main part edited; the other parts copied as they are."""
    src = os.path.join(FIXTURES, "generated", SEED_000 + ".docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            out = zipfile.ZipInfo(info.filename, ZIP_DATE)
            out.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(out, data)
    write(name, buf.getvalue())


def entities():
    def stray(xml):
        return re.sub(r"(<w:t(?: [^>]*)?>)", r"\1&nbsp;", xml, count=1)

    def only(xml):
        return re.sub(r"(<w:t(?: [^>]*)?>)[^<]*", r"\1&nbsp;&lol;", xml)

    docx_with("stray_entity.docx", stray)
    docx_with("entity_only.docx", only)


def main():
    os.makedirs(OUT, exist_ok=True)
    random_files(random.Random(6))
    truncated_files()
    tables_only()
    t3_columns()
    gbk_text()
    novel()
    inventory()
    pdf_bombs()
    ods_bombs()
    count_cells()
    encodings()
    page_boxes()
    entities()


if __name__ == "__main__":
    main()
