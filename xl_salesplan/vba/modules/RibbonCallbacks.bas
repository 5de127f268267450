Attribute VB_Name = "RibbonCallbacks"
Option Explicit

' Callbacks of the "Sales Plan" ribbon tab.
' Each button runs one Python macro of xl_salesplan.macros through xlwings' RunPython
' (from the xlwings add-in this project references or, in a standalone
' workbook, from xlwings' own module in this project). Generated ribbon XML names
' these procedures as RibbonCallbacks.<procedure>.

Public Sub OnBuildPlan(control As IRibbonControl)
    RunPython "import xl_salesplan.macros as m; m.build_plan()"
End Sub

Public Sub OnOptimiseBudget(control As IRibbonControl)
    RunPython "import xl_salesplan.macros as m; m.optimise_budget()"
End Sub

Public Sub OnValidateInputs(control As IRibbonControl)
    RunPython "import xl_salesplan.macros as m; m.validate_inputs()"
End Sub

Public Sub OnImportActuals(control As IRibbonControl)
    RunPython "import xl_salesplan.macros as m; m.import_actuals()"
End Sub

Public Sub OnFlagKpis(control As IRibbonControl)
    RunPython "import xl_salesplan.macros as m; m.flag_kpis()"
End Sub

Public Sub OnReplan(control As IRibbonControl)
    RunPython "import xl_salesplan.macros as m; m.replan()"
End Sub

Public Sub OnShareCopy(control As IRibbonControl)
    RunPython "import xl_salesplan.macros as m; m.share_copy()"
End Sub

Public Sub OnSnapshotVersion(control As IRibbonControl)
    RunPython "import xl_salesplan.macros as m; m.snapshot_version()"
End Sub

Public Sub OnShowHelp(control As IRibbonControl)
    RunPython "import xl_salesplan.macros as m; m.show_help()"
End Sub
