"""The template build: sheets, styles, charts, instructions, sample inputs, the ribbon and VBA
parts,
and :mod:`~xl_salesplan.template.build`, which writes ``workbook_template.xlsm``.

It sits above :mod:`xl_salesplan.actions`: the template carries the cached results of the actions
run on the sample company.
"""
