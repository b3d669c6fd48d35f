"""The validation report's rows: every problem names its sheet and real Excel cell, says what is wrong
and how to fix it, in Chinese and English. Built column-wise so 100k-row files stay fast."""
from __future__ import annotations
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.imports.bounds import col_letter

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

PROBLEM_COLUMNS = ["severity", "file", "sheet", "cell", "row_label", "col_label", "value", "rule",
                   "message_zh", "message_en", "fix_zh", "fix_en"]

# warnings whose figures the validation leaves out of the batch: counted as refused like an error's
# (accounting.refuse_errored_values), though they do not block it
NOT_STORED = ("city_total_contradicts",)

RULES = {
    # rule: (severity, message_zh, message_en, fix_zh, fix_en)
    "bad_file": ("error", "", "", "", ""),
    "unknown_layout": ("warning", "未识别出数据表格，此工作表已跳过", "No data table recognised; sheet skipped",
                       "如需导入，请使用系统模板或在表头写明地区和指标名称", "Use the template or label regions and indicators"),
    "region_conflict": ("error", "地区代码与地区名称不是同一个县（市、区）", "The region code and the region name disagree",
                        "请核对地区代码和地区名称（同一行，或表头的单位名称与行政区划代码），改成同一个县（市、区）后重新上传",
                        "Correct the code or the name (on the row, or the form header's unit name and code) so that "
                        "both name the same unit"),
    "side_by_side": ("error", "工作表中并排放着两个表格，右侧的表格无法读取", "Two tables side by side; the one on the right cannot be read",
                     "请把右侧的表格剪切到单独的工作表（保留标题和表头）后重新上传",
                     "Move the right-hand table to a sheet of its own (with its title and header) and upload again"),
    "unknown_region": ("error", "无法识别的地区", "Unknown region",
                       "请改为标准地区名称或6位行政区划代码，或在页面上为它指定对应地区", "Use a standard name or 6-digit code, or map it"),
    "region_missing": ("error", "该行有数值，但地区单元格为空，无法确定属于哪个县（市、区）",
                       "The row holds a figure but its region cell is empty",
                       "请在该行的地区（或地区代码）单元格填写县（市、区）名称或6位行政区划代码；同一地区多行时每行都要填写（或合并单元格）",
                       "Fill in the row's region name or 6-digit code (on every row, or merge the cells)"),
    "unknown_indicator": ("error", "无法识别的指标", "Unknown indicator",
                          "请改为指标目录中的名称（可下载模板查看），或在页面上为它指定对应指标", "Use a catalogue name or map it"),
    "group_column_refused": ("error", "分组表头下的这一列是该组（企业、单位或指标的分项）的数，不是全县（市、区）的这一指标，"
                             "指标目录中没有对应指标，未导入",
                             "This column under a group header is the group's figure (a population of firms or units, "
                             "or a part of an indicator), not the county's indicator; the catalogue has no such "
                             "indicator; not imported",
                             "本系统不收录这项数据：请删除该列（连同它上方的分组表头）后重新上传；如该列确是全县（市、区）的总数，"
                             "请把它移出分组，单列一列并写明指标名称，如“R&D经费（万元）”",
                             "This figure is not collected: delete the column (with the group header above it) and "
                             "upload again; if it really is the county's total, move it out of the group into a column "
                             "of its own headed by the indicator's name, e.g. R&D经费（万元）"),
    "region_total_excludes_zone": ("error", "不含开发区的合计不是任何一个地区的数，未导入",
                                   "A total without the development zones is no unit's figure; not imported",
                                   "请删除该行后重新上传（全市数含开发区；如有含开发区的全市数，请写“全市”或“邢台市”）",
                                   "Delete the row and upload again (the city's figure includes the zones; write 全市 "
                                   "or the city's name for that figure)"),
    "unit_below_table": ("error", "表格下方写明的单位可能只说某一项指标，也可能说全表，而这一列（行）没有写明自己的单位"
                         "（或写的是另一种单位），数值的单位无法确定，未导入",
                         "A unit is stated below the table (for one indicator or for all), and this column (row) "
                         "states none of its own (or another one): the figures' unit is unknown, not imported",
                         "请把单位写进表头或指标名称的括号（如“R&D经费（亿元）”），或写在表格上方的单位行（如“单位：亿元”），"
                         "删去表格下方的单位说明后重新上传",
                         "Write the unit in the header or the indicator's name (R&D经费（亿元）) or in a unit line above "
                         "the table (单位：亿元), remove the note below the table and upload again"),
    "unit_hidden": ("error", "隐藏的行或列中写有计量单位，而这一列（行）的数值没有写明自己的单位（或写的是另一种单位），"
                    "数值的单位无法确定，未导入",
                    "A hidden row or column states a unit, and this column (row) states none of its own (or another "
                    "one): the figures' unit is unknown, not imported",
                    "请在 Excel 中取消隐藏，让单位与数值一起显示（或把单位写进表头，如“R&D经费（亿元）”）后重新上传",
                    "Unhide it in Excel so the unit shows beside the figures (or write the unit in the header, e.g. "
                    "R&D经费（亿元）) and upload again"),
    "unit_elsewhere": ("error", "工作簿的另一张工作表写明了该指标的计量单位，而这一列（行）没有写明自己的单位（或写的是另一种"
                       "单位），数值的单位无法确定，未导入",
                       "Another sheet of the workbook states this indicator's unit, and this column (row) states none "
                       "of its own (or another one): the figures' unit is unknown, not imported",
                       "请把单位写进本表的表头或指标名称的括号（如“R&D经费（亿元）”）或表格上方的单位行后重新上传",
                       "Write the unit in this table's header or the indicator's name (R&D经费（亿元）) or in a unit line "
                       "above the table and upload again"),
    "not_actuals": ("error", "这是目标、计划、预计或预测数，不是统计数（实际完成数），未导入",
                    "These are targets, plans, estimates or forecasts, not statistics (actual figures); not imported",
                    "本系统只导入统计数：目标任务请由管理员在“目标任务”页面的“设置目标”中录入；如确为实际完成数，"
                    "请把标题（或工作表名、文件名、列名）中的“目标”“计划”“预计”等字样改为“完成情况”或删去后重新上传",
                    "Only statistics are imported: an administrator enters targets under 设置目标 on the Targets page; "
                    "if these are actual figures, remove 目标/计划/预计 from the title (sheet name, file name, column "
                    "header) and upload again"),
    "side_without_value": ("error", "上年同期数或同比增速没有对应的本期数，未导入",
                           "A 上年同期 or 同比 figure without the value of its period; not imported",
                           "上年同期数和同比只随本期数一起导入（用来核对同比）。请在表中加入该指标本期数的列后重新上传；"
                           "如要补录上年的数，请把它们作为上年的本期数单独上传（报告期写上年，如“2023年1-9月”）",
                           "上年同期 and 同比 are imported only beside the period's value (to check 同比). Add the "
                           "indicator's column of this period and upload again; to enter last year's figures, upload "
                           "them as last year's values on their own (report period last year, e.g. 2023年1-9月)"),
    # notes and 备注 cells that qualify figures (build._qualifying_notes; docs/IMPORTS.md "Notes and 备注 that qualify figures")
    "note_not_actuals": ("error", "表格的注释（备注）说明这些数是预计、估算或目标、计划数，不是统计数（实际完成数），未导入",
                         "A note (备注) says these figures are estimates, targets or plans, not statistics (actual "
                         "figures); not imported",
                         "本系统只导入统计数，预计、估算等估计数不入库：请在实际数出来后上传实际数；目标任务请由管理员在"
                         "“目标任务”页面录入；如这些数确为实际完成数，请改正或删去该注释（备注）后重新上传",
                         "Only statistics are stored, estimates never: upload the actual figures once they exist "
                         "(targets are entered by an administrator on the Targets page); if these are actual figures, "
                         "correct or remove the note and upload again"),
    "note_other_period": ("error", "表格的注释（备注）说明这些数是另一期别（年份、月份或截止时间）的数，与它们所在的表（列）的期别"
                          "不同，不能按本表期别导入，未导入",
                          "A note (备注) says these figures are of another period (year, months or as-of date) than "
                          "the table (column) they stand in; not imported under the table's period",
                          "请把这些数移到单独的表格（或工作表），在标题或表头写明它们自己的期别（如“2023年”“2024年1-9月”"
                          "“截至2024年6月底”）后上传；如注释说的不是表中的数，请删去该注释后重新上传",
                          "Move these figures to a table (or sheet) of their own whose title or header states their "
                          "period (2023年, 2024年1-9月, 截至2024年6月底) and upload it; if the note does not speak of "
                          "the table's figures, remove it and upload again"),
    "note_other_scope": ("error", "表格的注释（备注）说明这些数的统计范围（口径）与指标目录的定义不同（不含某些部分或口径调整），"
                         "未导入",
                         "A note (备注) says these figures cover another scope than the catalogue's definition (some "
                         "part left out, or the 口径 changed); not imported",
                         "请按指标目录的口径（见“定义与口径”）填写完整的数后重新上传；口径调整请由管理员记录为“口径调整”"
                         "说明；如注释说的不是表中的数，请删去该注释后重新上传",
                         "Upload the figures as the catalogue defines them (see 定义与口径); an administrator records a "
                         "口径调整 as an annotation; if the note does not speak of the table's figures, remove it and "
                         "upload again"),
    "sub_column_refused": ("error", "“其中”（#）列不是左侧指标列在指标目录中的分项，不能按分项自己的名称导入",
                           "A 其中 (#) column that is no catalogue part of the indicator column on its left is not "
                           "read by its own name",
                           "该列不导入：请删除该列后重新上传；如它确是另一指标的数（如规上工业企业数），请去掉“其中”或“#”，"
                           "在表头写明完整的指标名称和计量单位",
                           "The column is not imported: delete it and upload again; if it really is another "
                           "indicator's figure (e.g. 规上工业企业数), remove 其中 or # and head the column with the "
                           "indicator's full name and unit"),
    "sub_item_refused": ("error", "“其中”（#）分项不是上一行指标在指标目录中的分项，不能按分项自己的名称导入",
                         "A 其中 (#) sub-item that is no catalogue part of the indicator above it is not read by its "
                         "own name",
                         "该分项不导入：请删除该行后重新上传；如它确是另一指标的数（如规上工业企业数），请去掉“其中”或“#”，"
                         "写明完整的指标名称和计量单位，单列一行",
                         "The sub-item is not imported: delete the row and upload again; if it really is another "
                         "indicator's figure (e.g. 规上工业企业数), remove 其中 or # and write the indicator's full name "
                         "and unit on a row of its own"),
    "derived_indicator": ("warning", "该指标由系统根据其他指标计算，不导入", "Derived indicator; computed, not imported",
                          "无需填报，可删除该列/行", "No need to report it"),
    "not_number": ("error", "不是有效数字", "Not a number",
                   "请填写纯数字（可带千分位逗号）；缺报请填“—”，不要填文字或公式", "Enter a plain number; use — for missing"),
    "separator_unsure": ("error", "分号分隔的 CSV 文件中，数字里的逗号或点可能是小数点，也可能是千分位，无法确定",
                         "In this semicolon-separated CSV file the comma or point in the number may be a decimal "
                         "mark or a thousands separator",
                         "请把该数字改为不带千分位、用小数点的写法（如 1234.5），或在 Excel 中另存为 .xlsx 后上传",
                         "Write the number without thousands separators and with a decimal point (1234.5), or save "
                         "the file as .xlsx in Excel and upload that"),
    "percent_in_amount": ("error", "该指标不是百分比，却填写了带 % 的数值", "A percentage in a non-percentage indicator",
                          "请填写绝对数值，去掉 %", "Enter the absolute figure without %"),
}
# percent_in_amount where the % comes from the cell's number format (0% shows 0.41 as 41%), not from the typed text
PERCENT_FORMAT_IN_AMOUNT = ("该指标不是百分比，单元格却设置了百分比数字格式（Excel 中显示为带 % 的数）",
                            "A non-percentage indicator in a cell formatted as a percentage (Excel shows it with %)",
                            "请把该单元格的数字格式改为“常规”或“数值”，核对显示的数值无误后重新上传",
                            "Set the cell's number format to General or Number, check the figure shown, and upload again")
# unknown_region where a bare zone alias (开发区, 经济开发区) stands in one county's table (Matcher.judge_zone_aliases)
ZONE_ALIAS_TEXTS = ("无法确定是哪个开发区", "Which development zone is unclear",
                    "如确为河北邢台经济开发区的数据，请把地区改填为全称“河北邢台经济开发区”或代码 130571 后重新上传；"
                    "如是本县（市、区）的开发区（园区），它不是单独的地区（其数已含在本县（市、区）的数中），请删除该行后重新上传",
                    "If it is the Hebei Xingtai Economic Development Zone, write its full name 河北邢台经济开发区 or the "
                    "code 130571 and upload again; if it is the county's own zone, it is no region of its own (its "
                    "figure is inside the county's): delete the row and upload again")
RULES |= {
    # a scoped account's rows of other regions (data.workflow.scopes.problems, the rule submitting refuses on)
    "region_scope": ("error", "地区不在本账号的报送范围内", "Region outside this account's scope",
                     "请删去这些行（列），或请管理员调整账号的报送地区",
                     "Remove them, or ask an administrator to change the account's regions"),
    "merged_value": ("error", "数值单元格合并了多个地区（或指标、期别）的位置，无法确定属于哪一个",
                     "A value cell merged over several regions (or indicators, periods): it belongs to none alone",
                     "请取消合并，为每个地区（指标、期别）分别填写各自的数值；无分项数据的请填“—”",
                     "Unmerge the cells and enter each region's (indicator's, period's) own figure; use — where there is none"),
    "negative": ("error", "数值为负数", "Negative value",
                 "该指标不应为负，请核对符号", "This indicator cannot be negative; check the sign"),
    "out_of_range": ("error", "数值超出合理范围", "Value out of range",
                     "请核对数量级和计量单位", "Check the magnitude and the unit"),
    "not_integer": ("error", "个数类指标（家、个、项、人）出现小数：个数只能是整数", "A count (firms, units, people) with decimals",
                    "请核对该数值，填写整数个数（如 78）后重新上传；若该列其实是金额或比例，请核对表头的指标名称",
                    "Enter the whole count (78); if the column is an amount or a ratio, check the header's indicator"),
    "unit_line_unknown": ("error", "单位行中的单位无法识别", "The unit line names a unit not understood",
                          "请把单位行改为指标目录的单位，如“单位：万元”或“单位：万元、家”", "Write the catalogue's units in the line"),
    "formula_error": ("error", "公式计算出错，数值未知，未导入", "The formula's result is an Excel error: its value is unknown; not imported",
                      "请在 Excel 中改正该单元格的公式（或引用的数据），使其算出数值；确实缺报的请填“—”，然后重新上传",
                      "Correct the cell's formula (or the data it refers to) in Excel so that it yields a figure; "
                      "use — where the figure is missing, and upload again"),
    "formula_error_beside": ("warning", "上年同期或同比单元格公式计算出错，该单元格未读取（本期数值照常导入）",
                             "The 上年同期 or 同比 cell holds an Excel error; that cell is not read (the figure is imported)",
                             "如需一并导入，请在 Excel 中改正该单元格的公式；上年同期为 0 时同比可填“—”",
                             "Correct that cell's formula in Excel if it should be read; use — for a 同比 over a zero base"),
    "unit_unknown": ("error", "计量单位与指标目录不一致且无法换算", "Unit cannot be converted to the catalogue unit",
                     "请改用指标目录规定的单位（见模板）", "Use the catalogue unit shown in the template"),
    "unit_conflict": ("error", "两处写明的计量单位不一致（表头、指标名称或标题括号中的单位，单位行，“计量单位”列），无法确定数值的单位",
                      "Two places state the figure's unit differently (the brackets of a column header, the indicator's "
                      "name or the title, a unit line, the row's unit cell); the figure's unit is unknown",
                      "请核对数值实际使用的单位，改正其中一处（“计量单位”列、单位行，或指标名称、标题、表头括号中的单位）或删去多余的单位，"
                      "使两处一致后重新上传",
                      "Check which unit the figure is in, then correct one of them (the unit cell, the unit line, or the "
                      "brackets of the indicator's name, the title or the header) or remove the extra unit so that both "
                      "agree, and upload again"),
    "scaled_format": ("error", "单元格的数字格式让 Excel 显示的数与单元格实际存的数不同，无法确定应按哪个导入",
                      "The cell's number format shows another figure than the one the cell holds",
                      "请把该单元格的数字格式改为“常规”或“数值”，在单元格中直接填写要上报的数（按表头的计量单位）后重新上传",
                      "Set the cell's number format to General or Number, type the figure to report (in the "
                      "header's unit) into the cell, and upload again"),
    "unit_scale": ("error", "数值与该地区已发布的历史数据相差上万倍，疑似计量单位错误", "About 10,000× off published history: wrong unit?",
                   "请核对单位是“元”还是“万元”（或“亿元”），并在表头写明单位", "Check 元 vs 万元 (or 亿元) and state the unit"),
    "duplicate_conflict": ("error", "同一地区、指标、期别出现多次且数值不同", "Duplicate with conflicting values",
                           "请只保留一个正确数值", "Keep one correct value"),
    "duplicate": ("warning", "同一地区、指标、期别重复出现（数值相同，只导入一次）", "Duplicate (same value, imported once)",
                  "可删除重复行", "Remove the duplicate"),
    "ytd_decrease": ("error", "累计数小于本年上一期累计数", "A year-to-date figure falls within the year",
                     "累计数不应减少，请核对本期和上期数据；如上期有误，请一并上传修订后的上期数据", "YTD cannot fall; check both periods"),
    "ytd_vs_annual": ("warning", "年报数与本年的累计数先后矛盾（年报可修订快报累计数，已导入）",
                      "The annual figure and a year-to-date figure of its year are out of order (the annual figure "
                      "may revise the 快报; imported)",
                      "请核对年报数和累计数；以年报为准的，请同时上传修订后的累计数，或在“备注”中说明差异原因",
                      "Check the annual and year-to-date figures; upload corrected YTD figures or explain the "
                      "difference in 备注"),
    "single_above_ytd": ("error", "当季（当月）数大于本年截至同月的累计数", "A single quarter or month exceeds its year-to-date",
                         "当期数不会超过从1月起的累计数：请核对当期数和累计数（是否把累计数填进了当期栏，或单位不同），改正后重新上传",
                         "A single period cannot exceed the year-to-date figure: check both (a 累计 in the single-period "
                         "column, or another unit), correct them and upload again"),
    "part_above_whole": ("error", "“其中”分项大于其所属的总数", "An \"of which\" item exceeds its total",
                         "分项不会超过总数：请核对分项和总数（单位、期别、是否累计是否一致）；已发布的数有误的，请一并上传修订后的数",
                         "A part cannot exceed its total: check both (unit, period, year-to-date or not); if the "
                         "published figure is the wrong one, upload the corrected figure too"),
    "annual_ytd_mismatch": ("warning", "年报数与1—12月累计数不一致", "The annual figure differs from its Jan–Dec YTD",
                            "请核对年报数和四季度（12月）累计数；以年报为准的，请同时上传修订后的累计数，或在“备注”中说明差异原因",
                            "Check the annual and the Q4 (December) YTD figures; upload the corrected YTD or explain the "
                            "difference in 备注"),
    "total_not_city": ("warning", "合计行不是全市数（全市数 = 各县（市、区）+ 开发区），未作为全市数导入，已与各县（市、区）核对",
                       "The total row is not the city's figure (the city = its county-level units + development zones); "
                       "checked, not stored as the city's figure", "", ""),
    "city_total_contradicts": ("warning", "全市数与所列各县（市、区）及开发区之和不一致，未导入",
                               "The city's figure differs from the sum of all its units and zones listed; not imported",
                               "请核对全市数和各县（市、区）、开发区的数，改正后重新上传；全市数不需要导入的，删去这一行"
                               "（系统按各县（市、区）和开发区之和得出全市合计）",
                               "Check the city's figure and those of its units and zones, correct them and upload "
                               "again; if the city's figure need not be imported, delete its row (the city's total is "
                               "then the sum of its units and zones)"),
    "total_mismatch": ("warning", "合计数与各县（市、区）之和不一致", "Total differs from the sum of counties",
                       "请核对合计行或各县数据", "Check the total row and the county figures"),
    "yoy_swing": ("warning", "同比变化幅度过大", "Large year-on-year change",
                  "请核实数据；确认无误的，请在“备注”中说明原因（填写备注后不再提示）", "Verify; add a note (备注) to confirm"),
    "yoy_inconsistent": ("warning", "填报的同比增速与本期、上年同期数不一致", "Reported YoY disagrees with the figures",
                         "请核对同比增减%、本期和上年同期", "Check 同比, 本期 and 上年同期"),
    "stacked_table": ("error", "下方另有一个表头不同的表格，其中的数值不能按上面表格的表头读取，未导入",
                      "Another table with other columns is stacked below; its figures cannot be read under the table "
                      "above; not imported",
                      "请把下方的表格（连同它的标题和表头）剪切到单独的工作表后重新上传",
                      "Move the table below (with its title and header) to a sheet of its own and upload again"),
    "missing_period": ("error", "无法确定数据所属期别", "No report period found",
                       "请在标题或“报告期”中写明期别，如“2024年1-6月”“2023年度”，或在期别列填写 2024Q2", "State the period, e.g. 2024年1-6月"),
    "formula_no_value": ("error", "公式单元格没有保存计算结果，数值未知，未导入", "Formula without a cached value: its value is unknown; not imported",
                         "请在 Excel 中打开该文件，待公式计算完成后保存（或复制后“选择性粘贴为数值”），再重新上传",
                         "Open the file in Excel, let the formulas calculate and save it (or paste values), then upload again"),
    "status_unknown": ("warning", "无法识别的数据状态，按“正式”处理", "Unknown status; treated as final",
                       "状态请填写 快报、正式、修订 或 估算", "Use 快报, 正式, 修订 or 估算"),
    "period_is_date": ("error", "期别单元格是日期：Excel 把输入的期别自动转换成了日期，无法确定是单月、季度还是累计",
                       "The period cell is a date (Excel converted the typed period); month, quarter or 累计 is unclear",
                       "请把该单元格设为“文本”格式后填写期别，如 2024Q3、2024年1-9月 或 2024M09",
                       "Format the cell as text and type the period, e.g. 2024Q3, 2024年1-9月 or 2024M09"),
    "period_not_ended": ("error", "期别尚未结束，不能导入或提交", "The period has not ended yet",
                         "请在期别结束后再报送；如期别填错，请改为已结束的期别", "Submit after the period ends, or correct the period"),
    "region_old_name": ("error", "已撤销或更名的区划名称", "An old (abolished or renamed) region name",
                        "请按现行区划名称或代码填报", "Use the current name or code"),
    "region_outside_city": ("error", "该名称不属于本表所属城市", "Name not in the expected city",
                            "同名地区在其他城市或外省也有，系统不会猜测；如确为外市数据请改填6位行政区划代码",
                            "Shared names are never guessed; give the 6-digit code"),
    "region_ambiguous": ("error", "地区名称对应多个区划", "The name matches several regions",
                         "请改填6位行政区划代码", "Give the 6-digit code"),
    "region_part_of_unit": ("error", "“其中”行是上一行县（市、区）的一部分，不是单独的地区，不能导入",
                            "A 其中 row is a part of the county-level unit above it, not a region of its own",
                            "县（市、区）的“其中”项不单独导入：请删除该行后重新上传；如确为市级开发区的数据，请把它放在全市合计行之下，或写明开发区全称单列一行（不加“其中”）",
                            "A county's 其中 item is not imported on its own: delete the row and upload again; if it is the "
                            "city's development zone, put it under the city's total row or give the zone's full name on a row "
                            "of its own (without 其中)"),
    "region_below_county": ("error", "该地区是乡镇（街道）或村，不是县（市、区）", "A unit below the county (town, street, village)",
                            "请填报县（市、区）的汇总数，地区填县（市、区）名称或6位行政区划代码（如 130534）；乡镇数据请勿在本表上报",
                            "Report the county-level figure under its name or 6-digit code (e.g. 130534); town figures are not taken here"),
    "region_renamed": ("warning", "旧区划名称已按更名对应到现行区划", "Old name matched to its renamed successor",
                       "请核对；今后请使用现行名称", "Please check; use the current name from now on"),
    "unit_ambiguous": ("error", "表头单位行列出多个单位，该列无法确定适用哪一个", "The unit line names several units; none or several fit this column",
                       "请在该列列名后注明单位，如“R&D经费（万元）”", "State the unit in the column header, e.g. R&D经费（万元）"),
    "subtotal_mismatch": ("warning", "小计数与所列各项之和不一致（小计行不导入）", "Subtotal differs from the sum of its rows (not imported)",
                          "请核对小计行或各项数据", "Check the subtotal and its rows"),
    "hidden_data": ("warning", "隐藏的内容中有数据，未导入", "Hidden cells hold data; not imported",
                    "如需导入，请在 Excel 中取消隐藏（或取消筛选）后重新上传；确需按原样导入隐藏内容的，请在上传页勾选“同时导入隐藏的工作表、行和列”（命令行：python app.py import 文件 --include-hidden）",
                    "Unhide them (or clear the filter) in Excel and upload again; to import hidden content as it is, tick \"Also import hidden sheets, rows and columns\" on the upload page (command line: python app.py import FILE --include-hidden)"),
    "hidden_included": ("warning", "隐藏的内容已按要求导入", "Hidden content was included as asked",
                        "请核对这些数据是否为当期数据", "Check that these are current figures"),
    "unread_cell": ("error", "该单元格有内容，但不属于识别出的表格，未导入", "This cell holds content outside the recognised table; not imported",
                    "请删除表格外的内容，或把它移入表格并写明地区和指标", "Remove it, or move it into the table with its region and indicator"),
    "no_values": ("error", "文件中没有读到任何数值", "No value was read from the file",
                  "请确认数据在可见的工作表中，并使用系统模板或写明地区和指标的表格", "Put the data on a visible sheet with regions and indicators labelled"),
    "duplicate_upload": ("error", "与已提交或已发布的一次导入内容完全相同", "Identical to an import already pending or published",
                         "无需重复上传；如需修改，请先修改数据后再上传", "No need to upload it again"),
    "value_cleared": ("warning", "该单元格是“无数据”标记，而该数已经发布", "This cell is a no-data marker where a figure is published",
                      "如确实无此数据请保留并在提交说明中写明原因；否则请填写数值", "Keep it only if the figure really does not exist (say why in the note); otherwise enter the figure"),
    "ytd_unsaid": ("error", "流量指标按季度或月份填报，但没有说明是1—N月累计还是当季（当月）数", "A flow by quarter or month that says neither 累计 nor single period",
                   "请在“是否累计”列填“是”（1—N月累计）或“否”（当季/当月），或把期别写成“2024年1—9月”或“2024年第三季度”",
                   "Fill the 是否累计 column with 是 (year to date) or 否 (single period), or write the period as 2024年1—9月"),
    "ytd_conflict": ("error", "“是否累计”与期别写法矛盾，无法确定是累计数还是当期数",
                     "The 是否累计 flag contradicts the period phrase (累计 or single period is unclear)",
                     "请核对该行：1—N月累计填“是”，7-9月这样的当期数填“否”，改正期别或“是否累计”后重新上传",
                     "Correct the period or the flag: 是 for 1—N月 累计, 否 for a single span such as 7-9月"),
    "ytd_flag_unknown": ("warning", "“是否累计”无法识别，按期别判断", "Unrecognised 是否累计 flag",
                         "请填写“是”或“否”", "Enter 是 or 否"),
    # Remembered mappings (data/imports/mappings.py): shown wherever they act.
    "mapping_applied": ("warning", "按已记住的映射识别", "Placed by a remembered mapping",
                        "如映射有误，请管理员在“系统管理”中撤销后重新上传", "If wrong, an administrator revokes it on the admin page"),
    "mapping_ignored": ("warning", "按已记住的映射忽略此行/列，未导入", "Ignored by a remembered mapping; not imported",
                        "如需导入，请管理员在“系统管理”中撤销该映射后重新上传", "To import it, an administrator revokes the mapping"),
}


def cell_refs(rows: ArrayLike, cols: ArrayLike) -> np.ndarray:
    """Excel references ("D7") for 0-based row and column arrays, as an object array of str."""
    refs = _cell_refs_arrow(rows, cols)
    if refs is None:
        return np.array([], dtype=object)
    return refs.to_numpy(zero_copy_only=False).astype(object)


def cell_refs_column(rows: ArrayLike, cols: ArrayLike) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """cell_refs for a frame column: the array pandas makes of a column of texts (what assigning cell_refs'
    object array gives), built from the Arrow texts directly instead of through 100k Python strings; for no
    cells, cell_refs' empty object array (pandas keeps an empty column as objects)."""
    refs = _cell_refs_arrow(rows, cols)
    return np.array([], dtype=object) if refs is None else pd.array(refs, dtype=_TEXT)


_TEXT = pd.Series(["A1"]).dtype   # the dtype pandas gives a column of texts


def _cell_refs_arrow(rows: ArrayLike, cols: ArrayLike) -> pa.Array | None:
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    if len(rows) == 0:
        return None
    # the column letters once per distinct column, the joins and number texts in Arrow (no per-cell Python)
    uniq, inv = np.unique(cols, return_inverse=True)
    letters = pa.array([col_letter(int(c)) for c in uniq], type=pa.string()).take(pa.array(inv.ravel()))
    numbers = pc.cast(pa.array(rows + 1), pa.string())
    return pc.binary_join_element_wise(letters, numbers, "")


def make(rule: str, frame: pd.DataFrame, *, row: str = "row", col: str = "col", value: object = "raw",
         extra_zh: object = None, extra_en: object = None, severity: str | None = None,
         file: str | None = None, texts: tuple[str, str, str, str] | None = None) -> pd.DataFrame:
    """Problems for each row of `frame` (a cells/obs frame with sheet, row_label, col_label...). `texts`:
    (message_zh, message_en, fix_zh, fix_en) in place of the rule's own (a variant of the rule's cause)."""
    if frame is None or len(frame) == 0:
        return pd.DataFrame(columns=PROBLEM_COLUMNS)
    sev, zh, en, fix_zh, fix_en = RULES[rule]
    if texts is not None:
        zh, en, fix_zh, fix_en = texts
    n = len(frame)
    msg_zh = pd.Series([zh] * n, index=frame.index, dtype=object)
    msg_en = pd.Series([en] * n, index=frame.index, dtype=object)
    if extra_zh is not None:
        msg_zh = msg_zh + "：" + pd.Series(extra_zh, index=frame.index).astype(str)
        msg_en = msg_en + ": " + pd.Series(extra_en, index=frame.index).astype(str)
    vals = frame[value] if isinstance(value, str) else pd.Series(value, index=frame.index)
    out = pd.DataFrame({
        "severity": severity or sev,
        "file": file if file is not None else frame.get("file", ""),
        "sheet": frame["sheet"].to_numpy(),
        "cell": cell_refs(frame[row].to_numpy(), frame[col].to_numpy()),
        "row_label": frame["row_label"].to_numpy(), "col_label": frame["col_label"].to_numpy(),
        "value": vals.map(show_value).to_numpy(), "rule": rule,
        "message_zh": msg_zh.to_numpy(), "message_en": msg_en.to_numpy(), "fix_zh": fix_zh, "fix_en": fix_en,
    }, columns=PROBLEM_COLUMNS)
    return out


def one(rule: str, *, file: str = "", sheet: str = "", cell: str = "", row_label: object = "", col_label: object = "",
        value: object = "", message_zh: str | None = None, message_en: str | None = None, fix_zh: str | None = None,
        fix_en: str | None = None, severity: str | None = None) -> dict:
    sev, zh, en, fzh, fen = RULES[rule]
    return {"severity": severity or sev, "file": file, "sheet": sheet, "cell": cell, "row_label": row_label,
            "col_label": col_label, "value": show_value(value), "rule": rule, "message_zh": message_zh or zh,
            "message_en": message_en or en, "fix_zh": fzh if fix_zh is None else fix_zh,
            "fix_en": fen if fix_en is None else fix_en}


def show_value(v: object) -> str:
    """Values as plain text for the report (never markup: the UI renders text only)."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    s = str(v)
    return s if len(s) <= 200 else s[:200] + "…"


def txt(series: pd.Series) -> pd.Series:
    """Values as report text, safe to concatenate even when empty."""
    return series.map(show_value).astype(object)
