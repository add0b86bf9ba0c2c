"""MAXQDA "coded segments" exports (Overview of Coded Segments > Export, or Reports > Export >
Coded Segments), `.xlsx`, legacy `.xls` or CSV. MAXQDA writes the headers in its interface
language, so each role lists every language's name for it.

Seen in real exports (confirmed):
- English (MAXQDA 2020-24): Color, Comment, Document group, Document name, Code, Beginning, End,
  Weight score, Segment, Modified by, Modified, Created by, Created, Area, Coverage % -- MAXQDA 24
  XLSX with per-segment columns `Other codes assigned to segment`, `Code: ...` and document
  variables: github.com/aufildelanuit/semi-controlled-touch-survey
  Qualitative_Flavia/coded_export_data_processing.R, maxqda_data_preprocessing.R
- German CSV (`;`): Farbe, Kommentar, Dokumentgruppe, Dokumentname, Code, Anfang, Ende, Gewicht,
  Segment, Bearbeitet von, Bearbeitet am, Erstellt von, Erstellt am, Fläche, Abdeckungsgrad % --
  github.com/julianschuler/MAXQDA-encoding-statistics src/main.rs; German XLSX with document
  variables repeating Dokumentname/Dokumentgruppe -- github.com/M-Gartiser/GR_Redistribution
  R/document_variables.R
- Polish legacy `.xls`: Color, Komentarz, Grupa dokumentów, Nazwa dokumentu, Kod, Początek,
  Koniec, Waga, Fragment, Objętość, Obszar %, Autor, Data utworzenia -- a real export quoted in
  ThemeGraph issue #15 (the first column stays English there).

NOT confirmed against a real export (no Spanish, French, Portuguese or Chinese MAXQDA export
or manual page listing the columns was found in public sources): the names below for those
languages follow MAXQDA's own terms in its translated manuals and interface (Segmento /
Nombre del documento, Nom du document, Nome do documento, 文档名称 / 编码片段...), with the
usual variants. A header they miss loads through --mapping; please report it.
"""

from __future__ import annotations

from loaders.layout import Layout

__all__ = ["MAXQDA"]

_DOCUMENT = ("document name", "dokumentname", "nazwa dokumentu", "nombre del documento", "nombre de documento",
             "nom du document", "nom de document", "nome do documento", "nome de documento", "文档名称", "文档名",
             "文件名称")
_GROUP = ("document group", "dokumentgruppe", "grupa dokumentów", "grupo de documentos", "groupe de documents",
          "文档组")
_SEGMENT = ("segment", "fragment", "segmento", "片段", "编码片段", "编码段")
_CODE = ("code", "kod", "código", "codigo", "代码", "编码")
_COMMENT = ("comment", "kommentar", "komentarz", "comentario", "commentaire", "comentário", "注释", "评论", "备注")
_CREATED_BY = ("created by", "erstellt von", "autor", "creado por", "créé par", "criado por", "创建者", "作者",
               "author")
_CREATED = ("created", "erstellt am", "data utworzenia", "creado", "fecha de creación", "créé le", "criado em",
            "创建时间", "创建日期")
_MODIFIED_BY = ("modified by", "bearbeitet von", "zmodyfikowane przez", "modificado por", "modifié par", "修改者")
_MODIFIED = ("modified", "bearbeitet am", "data modyfikacji", "modificado", "modifié le", "modificado em",
             "修改时间", "修改日期")
_IGNORED = (
    "color", "farbe", "kolor", "couleur", "cor", "颜色",
    "beginning", "anfang", "początek", "inicio", "début", "início", "开始",
    "end", "ende", "koniec", "fin", "fim", "结束",
    "weight score", "weight", "gewicht", "waga", "peso", "poids", "权重", "权重分数",
    "area", "fläche", "objętość", "área", "surface", "面积",
    "coverage %", "abdeckungsgrad %", "obszar %", "cobertura %", "couverture %", "覆盖率 %", "覆盖率",
    "other codes assigned to segment",
)

MAXQDA = Layout(
    name="maxqda",
    columns={"expert": _DOCUMENT, "source": _DOCUMENT, "text": _SEGMENT, "code": _CODE,
             "coder": _CREATED_BY + _MODIFIED_BY, "at": _CREATED + _MODIFIED, "memo": _COMMENT},
    required=("expert", "text", "code"),
    signature=(_DOCUMENT, _SEGMENT, _CODE),
    code_separators=(" > ", "\\"),
    ignore=_IGNORED + _CREATED_BY + _CREATED + _MODIFIED_BY + _MODIFIED,
    ignore_prefixes=("code: ",),
    repeats=_DOCUMENT + _GROUP,
)
