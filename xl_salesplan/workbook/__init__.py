"""The workbook layer: one ``Book`` API over workbook files and live Excel, and the share copy.

The actions read and write plan workbooks only through :mod:`~xl_salesplan.workbook.book`; it is
built on the lossless package editor in :mod:`xl_salesplan.ooxml`.
"""
