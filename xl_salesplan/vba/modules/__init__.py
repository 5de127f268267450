"""VBA module sources (``.bas``) of the workbook's VBA project, shipped as package data.

Each file is the exact module text stored in ``vbaProject.bin`` (attribute lines, then
code) with LF line endings; the project stores it with CRLF endings
(see :func:`xl_salesplan.vba.module_sources.stored_source`).
"""
