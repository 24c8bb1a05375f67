# ruff: noqa: E501 -- data tables, one family per entry, kept compact on purpose (and out of the formatter: fmt: skip)
"""Item families of land and buildings: real estate registration (不动产登记), natural resources and planning
(自然资源和规划), housing and construction (住建), development and reform (发改), ecology (生态环境) and urban
management (城市管理)."""

from items_common import W_BUILD, W_ESTATE, Family, V, lifecycle, m

ESTATE = "《中华人民共和国民法典》；《不动产登记暂行条例》；《不动产登记暂行条例实施细则》"
HOUSE, LAND_FEE = "80", "550"  # 不动产登记费：住宅 80 元/件，非住宅 550 元/件
OWNED = "国有建设用地使用权及房屋所有权"

REALESTATE = [
    Family("realestate", "confirmation", "city", "{}", (), ESTATE, statutory=30, promise=("working_days", 5), window=W_ESTATE,
           cert="property_certificate", variants=[
               V("国有建设用地使用权首次登记", materials=m("re_application land_grant_contract land_payment_receipt cadastral_survey"),
                 fee=LAND_FEE),
               V(f"{OWNED}首次登记", materials=m("re_application property_certificate completion_record cadastral_survey"),
                 fee=HOUSE),
               V("集体土地所有权首次登记", materials=m("re_application ownership_evidence cadastral_survey ?owners_resolution")),
               V("宅基地使用权及房屋所有权首次登记", materials=m("re_application homestead_approval cadastral_survey applicant_id"),
                 level="district"),
               V("集体建设用地使用权及建筑物、构筑物所有权首次登记",
                 materials=m("re_application ownership_evidence planning_permit cadastral_survey"), fee=LAND_FEE),
               V("土地承包经营权首次登记", materials=m("re_application land_transfer_contract cadastral_survey"),
                 level="district"),
           ]),
    Family("realestate", "confirmation", "city", "{}", (), ESTATE, statutory=30, promise=("working_days", 3), window=W_ESTATE,
           fee=HOUSE, cert="property_certificate", variants=[
               V("国有建设用地使用权转移登记", materials=m("re_application property_certificate contract deed_tax_invoice"),
                 fee=LAND_FEE),
               V(f"{OWNED}转移登记（买卖）", materials=m("re_application property_certificate house_contract deed_tax_invoice"),
                 promise=("office_hours", 4)),
               V(f"{OWNED}转移登记（赠与）", materials=m("re_application property_certificate gift_contract deed_tax_invoice")),
               V(f"{OWNED}转移登记（继承、受遗赠）",
                 materials=m("re_application property_certificate inheritance_proof death_certificate deed_tax_invoice")),
               V(f"{OWNED}转移登记（离婚析产）", materials=m("re_application property_certificate divorce_docs ?deed_tax_invoice")),
               V(f"{OWNED}转移登记（人民法院生效法律文书）", materials=m("re_application court_document ?property_certificate")),
               V("宅基地使用权及房屋所有权转移登记", materials=m("re_application property_certificate relation_proof"),
                 level="district", fee="0"),
               V("土地承包经营权转移登记", materials=m("re_application property_certificate land_transfer_contract"),
                 level="district", fee="0"),
           ]),
    Family("realestate", "confirmation", "city", "{}", (), ESTATE, statutory=30, promise=("working_days", 3), window=W_ESTATE,
           variants=[
               V("国有建设用地使用权变更登记", materials=m("re_application property_certificate change_proof"),
                 cert="property_certificate"),
               V(f"{OWNED}变更登记", materials=m("re_application property_certificate change_proof"), cert="property_certificate"),
               V("国有建设用地使用权注销登记", materials=m("re_application property_certificate ?court_document")),
               V("房屋所有权注销登记", materials=m("re_application property_certificate ?evidence")),
           ]),
    Family("realestate", "confirmation", "city", "{}", (), ESTATE, statutory=30, promise=("working_days", 2), window=W_ESTATE,
           fee=HOUSE, variants=[
               V("抵押权首次登记（一般抵押）", materials=m("re_application property_certificate mortgage_contract ?power_of_attorney"),
                 promise=("office_hours", 4)),
               V("抵押权首次登记（最高额抵押）", materials=m("re_application property_certificate mortgage_contract ?power_of_attorney")),
               V("在建建筑物抵押权首次登记", materials=m("re_application planning_permit mortgage_contract land_grant_contract")),
               V("抵押权变更登记", materials=m("re_application mortgage_contract change_proof"), fee="0"),
               V("抵押权转移登记", materials=m("re_application mortgage_contract contract")),
               V("抵押权注销登记", materials=m("re_application debt_settlement_proof ?power_of_attorney"), fee="0",
                 promise=("immediate", 0)),
           ]),
    Family("realestate", "confirmation", "city", "{}", (), ESTATE, statutory=30, promise=("working_days", 2), window=W_ESTATE,
           variants=[
               V("预购商品房预告登记", materials=m("re_application house_contract applicant_id")),
               V("预购商品房抵押权预告登记", materials=m("re_application house_contract mortgage_contract")),
               V("预告登记注销", materials=m("re_application applicant_id ?evidence"), promise=("immediate", 0)),
               V("更正登记", materials=m("re_application property_certificate evidence"), promise=("working_days", 10)),
               V("异议登记", materials=m("re_application interest_proof evidence"), promise=("immediate", 0)),
               V("查封登记", materials=m("seizure_ruling agent_id"), promise=("immediate", 0)),
               V("解除查封登记", materials=m("seizure_ruling agent_id"), promise=("immediate", 0)),
               V("地役权首次登记", materials=m("re_application easement_contract property_certificate")),
               V("居住权首次登记", materials=m("re_application property_certificate contract ?court_document"), fee=HOUSE),
               V("居住权注销登记", materials=m("re_application property_certificate ?death_certificate")),
           ]),
    Family("realestate", "public_service", "city", "{}", (), ESTATE, statutory=10, promise=("immediate", 0), window=W_ESTATE,
           variants=[
               V("不动产权证书补发", materials=m("re_application applicant_id loss_statement"), fee="10",
                 promise=("working_days", 15), cert="property_certificate"),
               V("不动产权证书换发", materials=m("re_application property_certificate"), fee="10", cert="property_certificate"),
               V("不动产登记资料查询", materials=m("applicant_id ?interest_proof ?power_of_attorney"),
                 basis="《不动产登记资料查询暂行办法》"),
           ]),
]  # fmt: skip

PLANNING = "《中华人民共和国城乡规划法》"
LAND = "《中华人民共和国土地管理法》；《中华人民共和国土地管理法实施条例》"
MINING = "《中华人民共和国矿产资源法》；《矿产资源开采登记管理办法》"

NRP = [
    Family("nrp", "licensing", "city", "建设项目用地预审与选址意见书核发", m("application_form project_filing red_line_map ?feasibility_study"),
           PLANNING + "第三十六条；" + LAND, statutory=20, promise=("working_days", 10), window=W_BUILD),
    Family("nrp", "licensing", "city", "建设用地规划许可证核发（{}）", (), PLANNING + "第三十七条、第三十八条",
           statutory=20, promise=("working_days", 5), window=W_BUILD, variants=[
               V("划拨", materials=m("application_form project_filing red_line_map")),
               V("出让", materials=m("application_form land_grant_contract project_filing red_line_map")),
           ]),
    Family("nrp", "licensing", "city", "建设工程规划许可证核发", m("application_form design_scheme land_grant_contract project_filing"),
           PLANNING + "第四十条", statutory=20, promise=("working_days", 5), window=W_BUILD),
    Family("nrp", "licensing", "district", "乡村建设规划许可证核发", m("application_form homestead_approval design_drawings"),
           PLANNING + "第四十一条", statutory=20, promise=("working_days", 10), window=W_BUILD),
    Family("nrp", "confirmation", "city", "建设工程规划条件核实", m("application_form planning_permit completion_report cadastral_survey"),
           PLANNING + "第四十五条", statutory=20, promise=("working_days", 5), window=W_BUILD),
    Family("nrp", "other", "city", "建设工程设计方案审查", m("application_form design_scheme red_line_map"), PLANNING,
           statutory=20, promise=("working_days", 10), window=W_BUILD),
    Family("nrp", "other", "city", "国有建设用地使用权{}", (), LAND + "；《城镇国有土地使用权出让和转让暂行条例》",
           statutory=20, promise=("working_days", 15), window=W_BUILD, variants=[
               V("划拨批准", materials=m("application_form project_filing red_line_map ?feasibility_study")),
               V("出让合同签订", materials=m("application_form land_payment_receipt red_line_map business_license")),
           ]),
    Family("nrp", "licensing", "city", "临时用地审批", m("application_form red_line_map contract ?greening_plan"),
           LAND + "第五十七条", statutory=20, promise=("working_days", 10), window=W_BUILD),
    Family("nrp", "licensing", "province", "{}", (), LAND, statutory=60, promise=("working_days", 40), window=W_BUILD,
           variants=[
               V("农用地转用审批", materials=m("application_form project_filing red_line_map ownership_evidence")),
               V("土地征收审批", materials=m("application_form red_line_map ownership_evidence ?owners_resolution")),
           ]),
    Family("nrp", "licensing", "province", "采矿权{}", (), MINING, statutory=40, promise=("working_days", 30), window=W_BUILD,
           variants=[
               V("新立登记", materials=m("application_form business_license mining_plan geological_report eia_report")),
               V("延续登记", materials=m("application_form original_permit mining_plan")),
               V("变更登记", materials=m("application_form original_permit change_proof")),
               V("注销登记", materials=m("application_form original_permit ?geological_report"), statutory=20),
           ]),
    Family("nrp", "licensing", "province", "探矿权{}", (), "《中华人民共和国矿产资源法》；《矿产资源勘查区块登记管理办法》",
           statutory=40, promise=("working_days", 30), window=W_BUILD, variants=[
               V("新立登记", materials=m("application_form business_license geological_report ?contract")),
               V("延续登记", materials=m("application_form original_permit geological_report")),
           ]),
    Family("nrp", "licensing", "province", "建设项目压覆重要矿产资源审批", m("application_form project_filing geological_report red_line_map"),
           "《中华人民共和国矿产资源法》第三十三条", statutory=20, promise=("working_days", 15), window=W_BUILD),
    Family("nrp", "licensing", "province", "测绘资质审批（乙级）", m("application_form business_license staff_qualifications equipment_list"),
           "《中华人民共和国测绘法》第二十七条；《测绘资质管理办法》", statutory=20, promise=("working_days", 15)),
    Family("nrp", "licensing", "province", "地质灾害防治单位资质认定（{}）", (), "《地质灾害防治条例》；《地质灾害防治单位资质管理办法》",
           statutory=20, promise=("working_days", 15), variants=[
               V("乙级", materials=m("application_form business_license staff_qualifications performance_records")),
               V("丙级", materials=m("application_form business_license staff_qualifications equipment_list")),
           ]),
    Family("nrp", "licensing", "province", "使用林地审核同意", m("application_form forest_use_report project_filing red_line_map"),
           "《中华人民共和国森林法》第三十七条；《建设项目使用林地审核审批管理办法》", statutory=20, promise=("working_days", 15),
           window=W_BUILD),
    Family("nrp", "licensing", "district", "林木采伐许可证核发", m("application_form ownership_evidence ?design_drawings"),
           "《中华人民共和国森林法》第五十六条", statutory=20, promise=("working_days", 5)),
    Family("nrp", "ruling", "district", "{}", (), LAND + "第十四条", statutory=90, promise=("working_days", 60), online=False,
           variants=[
               V("土地权属争议调查处理", materials=m("application_form ownership_evidence evidence ?power_of_attorney")),
               V("林木林地权属争议调处", materials=m("application_form ownership_evidence evidence"),
                 basis="《中华人民共和国森林法》第二十二条"),
           ]),
    Family("nrp", "inspection", "district", "自然资源执法监督检查", m("business_license land_grant_contract ?planning_permit"),
           LAND + "；《自然资源执法监督规定》", statutory=30, promise=("working_days", 30), online=False),
]  # fmt: skip

BUILD_LAW = "《中华人民共和国建筑法》"
QUALIFY = "《建筑业企业资质管理规定》"
FIRE = "《中华人民共和国消防法》；《建设工程消防设计审查验收管理暂行规定》"
HOUSING_MARKET = "《中华人民共和国城市房地产管理法》"

HURD = [
    Family("hurd", "licensing", "district", "建筑工程施工许可证核发（{}）", (), BUILD_LAW + "第七条；《建筑工程施工许可管理办法》",
           statutory=7, promise=("working_days", 3), window=W_BUILD, variants=[
               V("新办", materials=m("application_form planning_permit construction_contract construction_drawings quality_safety_measures")),
               V("变更", materials=m("application_form original_permit change_proof")),
               V("延期", materials=m("application_form original_permit ?evidence"), promise=("working_days", 1)),
           ]),
    Family("hurd", "licensing", "district", "{}", (), FIRE, statutory=15, promise=("working_days", 10), window=W_BUILD, variants=[
        V("特殊建设工程消防设计审查", materials=m("application_form fire_design construction_drawings ?planning_permit")),
        V("特殊建设工程消防验收", materials=m("application_form completion_report fire_design testing_report")),
        V("其他建设工程消防验收备案", materials=m("application_form completion_report fire_design"), item_type="other",
          promise=("working_days", 5)),
    ]),
    Family("hurd", "other", "district", "{}", (), "《建设工程质量管理条例》", statutory=15, promise=("working_days", 5), window=W_BUILD,
           variants=[
               V("房屋建筑和市政基础设施工程竣工验收备案", materials=m("completion_report planning_permit testing_report ?fire_design")),
               V("建设工程质量安全监督手续办理", materials=m("application_form construction_contract quality_safety_measures")),
               V("施工图设计文件审查备案", materials=m("application_form construction_drawings design_scheme")),
           ]),
    Family("hurd", "licensing", "province", "建筑业企业资质核准（{}）", (), BUILD_LAW + "第十三条；" + QUALIFY,
           statutory=20, promise=("working_days", 15), variants=[
               V("首次申请", materials=m("application_form business_license staff_qualifications performance_records financial_statements")),
               V("增项", materials=m("application_form qualification_certificate staff_qualifications performance_records")),
               V("延续", materials=m("application_form qualification_certificate staff_qualifications")),
               V("变更", materials=m("application_form qualification_certificate change_proof"), promise=("working_days", 5)),
           ]),
    Family("hurd", "licensing", "province", "建设工程勘察设计资质核准（{}）", (), "《建设工程勘察设计管理条例》；《建设工程勘察设计资质管理规定》",
           statutory=20, promise=("working_days", 15), variants=[
               V("工程勘察首次申请", materials=m("application_form business_license staff_qualifications equipment_list")),
               V("工程设计首次申请", materials=m("application_form business_license staff_qualifications performance_records")),
               V("延续", materials=m("application_form qualification_certificate staff_qualifications")),
               V("变更", materials=m("application_form qualification_certificate change_proof"), promise=("working_days", 5)),
           ]),
    Family("hurd", "licensing", "province", "工程监理企业资质核准（{}）", (), BUILD_LAW + "；《工程监理企业资质管理规定》",
           statutory=20, promise=("working_days", 15), variants=[
               V("首次申请", materials=m("application_form business_license staff_qualifications management_rules")),
               V("延续", materials=m("application_form qualification_certificate staff_qualifications")),
               V("变更", materials=m("application_form qualification_certificate change_proof")),
           ]),
    Family("hurd", "other", "district", "施工劳务企业资质备案", m("application_form business_license staff_qualifications"),
           QUALIFY, statutory=5, promise=("immediate", 0)),
    Family("hurd", "licensing", "city", "房地产开发企业资质核定（{}）", (), "《城市房地产开发经营管理条例》；《房地产开发企业资质管理规定》",
           statutory=20, promise=("working_days", 10), variants=[
               V("二级", materials=m("application_form business_license staff_qualifications financial_statements")),
               V("延续", materials=m("application_form qualification_certificate financial_statements")),
               V("变更", materials=m("application_form qualification_certificate change_proof"), promise=("working_days", 5)),
           ]),
    Family("hurd", "licensing", "city", "商品房预售许可", m("application_form presale_plan planning_permit land_grant_contract construction_contract"),
           HOUSING_MARKET + "第四十五条；《城市商品房预售管理办法》", statutory=10, promise=("working_days", 5)),
    Family("hurd", "other", "district", "{}", (), HOUSING_MARKET, statutory=5, promise=("immediate", 0), variants=[
        V("商品房现售备案", materials=m("application_form business_license completion_record")),
        V("商品房买卖合同网签备案", materials=m("house_contract applicant_id business_license")),
        V("房屋租赁登记备案", materials=m("lease_contract applicant_id property_certificate"),
          basis="《商品房屋租赁管理办法》"),
        V("存量房交易资金监管", materials=m("house_contract applicant_id property_certificate bank_account"),
          item_type="public_service"),
    ]),
    Family("hurd", "other", "district", "{}", (), "《物业管理条例》", statutory=15, promise=("working_days", 5), variants=[
        V("住宅专项维修资金使用审核", materials=m("application_form owners_resolution works_plan contract"),
          basis="《物业管理条例》；《住宅专项维修资金管理办法》"),
        V("前期物业服务合同备案", materials=m("contract business_license ?management_rules")),
        V("业主大会成立及业主委员会选举结果备案", materials=m("owners_resolution management_rules applicant_id")),
    ]),
    Family("hurd", "licensing", "province", "建筑施工企业安全生产许可证（{}）", (), "《安全生产许可证条例》；《建筑施工企业安全生产许可证管理规定》",
           statutory=45, promise=("working_days", 15), variants=[
               V("新办", materials=m("application_form business_license qualification_certificate management_rules emergency_plan")),
               V("延续", materials=m("application_form original_permit management_rules")),
               V("变更", materials=m("application_form original_permit change_proof"), promise=("working_days", 5)),
           ]),
    Family("hurd", "licensing", "province", "{}", (), "《建设工程安全生产管理条例》", statutory=20, promise=("working_days", 15),
           variants=[
               V("建筑施工特种作业人员操作资格核准", materials=m("application_form applicant_id exam_certificate medical_exam_report")),
               V("建筑施工企业主要负责人、项目负责人和专职安全生产管理人员安全生产考核",
                 materials=m("application_form applicant_id exam_certificate labor_contract")),
           ]),
    Family("hurd", "other", "district", "建筑起重机械{}", (), "《建设工程安全生产管理条例》；《建筑起重机械安全监督管理规定》",
           statutory=7, promise=("working_days", 3), variants=[
               V("使用登记", materials=m("application_form equipment_inspection product_certificate construction_contract")),
               V("产权备案", materials=m("application_form product_certificate commercial_invoice")),
           ]),
    Family("hurd", "licensing", "province", "二级建造师注册（{}）", (), "《注册建造师管理规定》", statutory=20,
           promise=("working_days", 10), variants=[
               V("初始注册", materials=m("application_form applicant_id exam_certificate labor_contract")),
               V("变更注册", materials=m("application_form original_permit labor_contract")),
               V("延续注册", materials=m("application_form original_permit ?exam_certificate")),
           ]),
    Family("hurd", "other", "district", "房屋建筑和市政基础设施工程招标文件备案", m("application_form bidding_plan project_filing"),
           "《中华人民共和国招标投标法》；《房屋建筑和市政基础设施工程施工招标投标管理办法》", statutory=5, promise=("working_days", 3),
           window=W_BUILD),
    Family("hurd", "licensing", "city", "燃气经营许可", (), "《城镇燃气管理条例》第十五条；《燃气经营许可管理办法》",
           statutory=20, promise=("working_days", 15),
           variants=lifecycle(m("application_form business_license staff_qualifications safety_assessment emergency_plan"),
                              cancel=False)),
    Family("hurd", "payment", "district", "{}", (), "《公共租赁住房管理办法》", statutory=30, promise=("working_days", 20),
           variants=[
               V("公共租赁住房保障资格审核", materials=m("application_form applicant_id household_register family_income_declaration"),
                 item_type="confirmation"),
               V("住房租赁补贴发放", materials=m("application_form applicant_id lease_contract bank_account")),
           ]),
    Family("hurd", "public_service", "district", "房屋安全鉴定", m("application_form property_certificate ?design_drawings"),
           "《城市危险房屋管理规定》", statutory=20, promise=("working_days", 15)),
    Family("hurd", "inspection", "district", "建设工程质量安全监督检查", m("construction_contract quality_safety_measures ?construction_drawings"),
           "《建设工程质量管理条例》；《建设工程安全生产管理条例》", statutory=30, promise=("working_days", 30), online=False),
]  # fmt: skip

INVEST = "《企业投资项目核准和备案管理条例》"
GOV_INVEST = "《政府投资条例》"

DRC = [
    Family("drc", "other", "district", "企业投资项目备案（{}）", (), INVEST + "；《企业投资项目核准和备案管理办法》",
           statutory=3, promise=("immediate", 0), window=W_BUILD, variants=[
               V("新办", materials=m("application_form business_license project_proposal")),
               V("变更", materials=m("application_form project_filing change_proof")),
           ]),
    Family("drc", "licensing", "province", "企业投资项目核准", m("application_form project_application_report business_license red_line_map"),
           INVEST, statutory=20, promise=("working_days", 20), window=W_BUILD),
    Family("drc", "licensing", "district", "政府投资项目{}审批", (), GOV_INVEST, statutory=20, promise=("working_days", 10),
           window=W_BUILD, variants=[
               V("建议书", materials=m("application_form project_proposal")),
               V("可行性研究报告", materials=m("application_form feasibility_study red_line_map ?energy_report")),
               V("初步设计及概算", materials=m("application_form preliminary_design feasibility_study")),
           ]),
    Family("drc", "licensing", "city", "固定资产投资项目节能审查", m("application_form energy_report project_filing"),
           "《中华人民共和国节约能源法》第十五条；《固定资产投资项目节能审查办法》", statutory=20, promise=("working_days", 10),
           window=W_BUILD),
    Family("drc", "licensing", "district", "依法必须招标项目招标方案核准", m("application_form bidding_plan project_filing"),
           "《中华人民共和国招标投标法实施条例》第七条", statutory=20, promise=("working_days", 5), window=W_BUILD),
    Family("drc", "other", "province", "外商投资项目{}", (), "《外商投资项目核准和备案管理办法》", statutory=20,
           promise=("working_days", 10), window=W_BUILD, variants=[
               V("核准", materials=m("application_form project_application_report foreign_investor_proof"), item_type="licensing"),
               V("备案", materials=m("application_form foreign_investor_proof project_proposal"), level="city",
                 promise=("working_days", 3)),
           ]),
    Family("drc", "other", "province", "企业境外投资项目备案", m("application_form business_license project_proposal financial_statements"),
           "《企业境外投资管理办法》", statutory=7, promise=("working_days", 7)),
    Family("drc", "other", "district", "粮食收购企业备案", m("application_form business_license site_layout"),
           "《粮食流通管理条例》第九条", statutory=5, promise=("immediate", 0)),
    Family("drc", "other", "city", "涉案财物价格认定", m("application_form evidence ?contract"), "《价格认定规定》",
           statutory=7, promise=("working_days", 7), online=False),
    Family("drc", "confirmation", "province", "省级企业技术中心认定", m("application_form business_license financial_statements performance_records"),
           "《企业技术中心认定管理办法》", statutory=60, promise=("working_days", 45)),
    Family("drc", "other", "district", "失信主体信用修复", m("credit_repair_application business_license rectification_proof commitment"),
           "《失信行为纠正后的信用信息修复管理办法（试行）》", statutory=5, promise=("working_days", 3)),
    Family("drc", "public_service", "district", "公共信用信息报告开具", m("application_form business_license"),
           "《河南省社会信用条例》", statutory=1, promise=("immediate", 0)),
]  # fmt: skip

EIA = "《中华人民共和国环境影响评价法》；《建设项目环境保护管理条例》"
POLLUTION = "《排污许可管理条例》"

ECO = [
    Family("eco", "licensing", "city", "建设项目环境影响{}审批", (), EIA, statutory=60, promise=("working_days", 30), window=W_BUILD,
           variants=[
               V("报告书", materials=m("application_form eia_report project_filing ?commitment")),
               V("报告表", materials=m("application_form eia_report project_filing"), statutory=30, promise=("working_days", 10),
                 level="district"),
           ]),
    Family("eco", "other", "district", "建设项目环境影响登记表备案", m("application_form business_license project_filing"), EIA,
           statutory=1, promise=("immediate", 0), window=W_BUILD),
    Family("eco", "licensing", "city", "排污许可", (), POLLUTION, statutory=20, promise=("working_days", 15), window=W_BUILD,
           variants=lifecycle(m("pollutant_permit_application business_license eia_report monitoring_plan"),
                              new="首次申请", lead="pollutant_permit_application")),
    Family("eco", "other", "district", "固定污染源排污登记", m("pollutant_permit_application business_license"),
           POLLUTION + "第二十四条", statutory=1, promise=("immediate", 0)),
    Family("eco", "licensing", "province", "危险废物经营许可", (), "《中华人民共和国固体废物污染环境防治法》；《危险废物经营许可证管理办法》",
           statutory=20, promise=("working_days", 20),
           variants=lifecycle(m("application_form business_license eia_report staff_qualifications emergency_plan"), cancel=False)),
    Family("eco", "licensing", "province", "危险废物跨省转移审批", m("application_form contract transport_plan emergency_plan"),
           "《中华人民共和国固体废物污染环境防治法》第八十二条；《危险废物转移管理办法》", statutory=20, promise=("working_days", 15)),
    Family("eco", "licensing", "province", "辐射安全许可证", (), "《中华人民共和国放射性污染防治法》；《放射性同位素与射线装置安全和防护条例》",
           statutory=20, promise=("working_days", 15),
           variants=lifecycle(m("application_form business_license eia_report staff_qualifications management_rules"), cancel=False)),
    Family("eco", "inspection", "district", "生态环境执法检查", m("business_license original_permit monitoring_plan"),
           "《中华人民共和国环境保护法》第二十四条", statutory=30, promise=("working_days", 30), online=False),
    Family("eco", "reward", "city", "生态环境违法行为举报奖励", m("applicant_id evidence bank_account"),
           "《中华人民共和国环境保护法》第五十七条", statutory=30, promise=("working_days", 20)),
]  # fmt: skip

CITY = "《城市市容和环境卫生管理条例》"
GREEN = "《城市绿化条例》"
ROADS = "《城市道路管理条例》"
DRAIN = "《城镇排水与污水处理条例》"

URBAN = [
    Family("urban", "licensing", "district", "城市建筑垃圾处置核准（{}）", (), CITY + "；《城市建筑垃圾管理规定》", statutory=20,
           promise=("working_days", 5), variants=[
               V("排放", materials=m("application_form disposal_agreement transport_plan construction_contract")),
               V("运输", materials=m("application_form business_license vehicle_license transport_plan")),
               V("消纳", materials=m("application_form business_license site_layout management_rules")),
           ]),
    Family("urban", "licensing", "district", "设置大型户外广告及在城市建筑物、设施上悬挂、张贴宣传品审批",
           m("application_form design_drawings premises_proof ?safety_assessment"), CITY + "第十一条", statutory=20,
           promise=("working_days", 5)),
    Family("urban", "other", "district", "户外招牌设置备案", m("application_form business_license design_drawings"),
           CITY, statutory=5, promise=("immediate", 0)),
    Family("urban", "licensing", "district", "{}", (), ROADS, statutory=20, promise=("working_days", 5), variants=[
        V("占用、挖掘城市道路审批", materials=m("application_form works_plan design_drawings ?contract")),
        V("依附于城市道路建设各种管线、杆线等设施审批", materials=m("application_form design_drawings works_plan")),
        V("城市桥梁上架设各类市政管线审批", materials=m("application_form design_drawings safety_assessment works_plan")),
    ]),
    Family("urban", "licensing", "district", "{}", (), GREEN, statutory=20, promise=("working_days", 10), variants=[
        V("改变绿化规划、绿化用地使用性质审批", materials=m("application_form greening_plan design_drawings")),
        V("砍伐、移植城市树木审批", materials=m("application_form greening_plan ?ownership_evidence")),
        V("临时占用城市绿化用地审批", materials=m("application_form greening_plan works_plan")),
        V("迁移古树名木审批", materials=m("application_form greening_plan safety_assessment"), level="city",
          statutory=30),
    ]),
    Family("urban", "licensing", "district", "从事城市生活垃圾经营性{}服务审批", (), "《城市生活垃圾管理办法》", statutory=20,
           promise=("working_days", 10), variants=[
               V("清扫、收集、运输", materials=m("application_form business_license equipment_list management_rules")),
               V("处置", materials=m("application_form business_license site_layout eia_report monitoring_plan"), level="city"),
           ]),
    Family("urban", "licensing", "district", "城镇污水排入排水管网许可", (), DRAIN + "第二十一条；《城镇污水排入排水管网许可管理办法》",
           statutory=15, promise=("working_days", 5),
           variants=lifecycle(m("application_form business_license site_layout testing_report"), cancel=False)),
    Family("urban", "licensing", "district", "拆除环境卫生设施审批", m("application_form design_drawings works_plan"),
           CITY + "第二十二条", statutory=20, promise=("working_days", 10)),
    Family("urban", "inspection", "district", "城市管理综合执法检查", m("business_license ?original_permit"),
           "《城市管理执法办法》", statutory=30, promise=("working_days", 15), online=False),
]  # fmt: skip

FAMILIES = REALESTATE + NRP + HURD + DRC + ECO + URBAN
