"""The workbook shell: file and live-Excel access, template build, VBA project and ribbon.

Nothing in the engine imports from here; this package is the imperative shell around it.
"""
