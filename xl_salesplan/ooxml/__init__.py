"""The lossless OOXML package editor: zip reading with limits, parts, XML spans, cell values,
cell patching, reading cells and tables, workbook structure edits, atomic saves.

Nothing here knows what a plan is; :mod:`xl_salesplan.workbook` builds the ``Book`` on it.
"""
