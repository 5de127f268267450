"""The VBA project and the ribbon: MS-OVBA compression, the compound file (CFB), the
``vbaProject.bin`` writer, the customUI ribbon XML; ``modules/`` holds the ``.bas`` sources.
"""
