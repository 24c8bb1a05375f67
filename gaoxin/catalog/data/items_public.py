# ruff: noqa: E501 -- data tables, one family per entry, kept compact on purpose (and out of the formatter: fmt: skip)
"""Item families of health (卫生健康), education (教育) and emergency management (应急管理)."""

from items_common import W_GENERAL, Family, V, lifecycle, m

MEDICAL = "《中华人民共和国基本医疗卫生与健康促进法》；《医疗机构管理条例》"
DOCTOR = "《中华人民共和国医师法》；《医师执业注册管理办法》"
PUBLIC_PLACES = "《公共场所卫生管理条例》；《公共场所卫生管理条例实施细则》"
BIRTH = "《中华人民共和国人口与计划生育法》"

HEALTH = [
    Family("health", "licensing", "district", "医疗机构{}", (), MEDICAL, statutory=30, promise=("working_days", 15), variants=[
        V("设置审批", materials=m("application_form feasibility_study site_layout premises_proof ?commitment")),
        V("执业登记", materials=m("application_form site_layout equipment_list doctor_qualification management_rules")),
        V("变更登记", materials=m("application_form original_permit change_proof"), promise=("working_days", 10)),
        V("校验", materials=m("application_form original_permit management_rules"), item_type="confirmation",
          promise=("working_days", 10)),
        V("注销登记", materials=m("application_form original_permit"), promise=("working_days", 3)),
    ]),
    Family("health", "licensing", "province", "中外合资合作医疗机构设置审批",
           m("application_form feasibility_study foreign_investor_proof contract site_layout"),
           MEDICAL + "；《中外合资、合作医疗机构管理暂行办法》", statutory=45, promise=("working_days", 30)),
    Family("health", "other", "district", "{}", (), MEDICAL, statutory=1, promise=("immediate", 0), variants=[
        V("诊所备案", materials=m("application_form doctor_qualification site_layout premises_proof")),
        V("中医诊所备案", materials=m("application_form doctor_qualification site_layout ?premises_proof"),
          basis="《中华人民共和国中医药法》第十四条；《中医诊所备案管理暂行办法》"),
        V("托育机构备案", materials=m("application_form business_license site_layout fire_safety_proof"),
          basis="《托育机构设置标准（试行）》；《托育机构登记和备案办法（试行）》"),
    ]),
    Family("health", "licensing", "district", "医师执业注册（{}）", (), DOCTOR, statutory=20, promise=("working_days", 5),
           variants=[
               V("首次注册", materials=m("application_form doctor_qualification medical_exam_report photo")),
               V("变更注册", materials=m("application_form original_permit labor_contract")),
               V("注销注册", materials=m("application_form original_permit"), promise=("working_days", 1)),
           ]),
    Family("health", "licensing", "district", "护士执业注册（{}）", (), "《护士条例》；《护士执业注册管理办法》", statutory=20,
           promise=("working_days", 5), variants=[
               V("首次注册", materials=m("application_form doctor_qualification medical_exam_report diploma")),
               V("延续注册", materials=m("application_form original_permit medical_exam_report")),
               V("变更注册", materials=m("application_form original_permit labor_contract")),
               V("注销注册", materials=m("application_form original_permit"), promise=("working_days", 1)),
           ]),
    Family("health", "licensing", "district", "乡村医生执业注册", m("application_form applicant_id doctor_qualification medical_exam_report"),
           "《乡村医生从业管理条例》", statutory=20, promise=("working_days", 10)),
    Family("health", "licensing", "district", "{}", (), "《中华人民共和国母婴保健法》；《中华人民共和国母婴保健法实施办法》",
           statutory=20, promise=("working_days", 15), variants=[
               V("母婴保健技术服务机构执业许可", materials=m("application_form original_permit staff_qualifications equipment_list")),
               V("母婴保健服务人员资格认定", materials=m("application_form doctor_qualification exam_certificate")),
           ]),
    Family("health", "licensing", "city", "放射诊疗许可", (), "《放射性同位素与射线装置安全和防护条例》；《放射诊疗管理规定》",
           statutory=20, promise=("working_days", 15),
           variants=lifecycle(m("application_form occupational_hazard_report equipment_list staff_qualifications"),
                              new="新办", renew=False, cancel=False)
           + [V("校验", materials=m("application_form original_permit testing_report"), item_type="confirmation")]),
    Family("health", "licensing", "district", "公共场所卫生许可", (), PUBLIC_PLACES, statutory=20, promise=("working_days", 5),
           variants=lifecycle(m("application_form business_license site_layout medical_exam_report testing_report"))),
    Family("health", "licensing", "city", "饮用水供水单位卫生许可", (), "《中华人民共和国传染病防治法》；《生活饮用水卫生监督管理办法》",
           statutory=20, promise=("working_days", 10),
           variants=lifecycle(m("application_form business_license testing_report medical_exam_report process_flow"),
                              cancel=False)),
    Family("health", "licensing", "province", "消毒产品生产企业卫生许可", (), "《中华人民共和国传染病防治法》；《消毒管理办法》",
           statutory=20, promise=("working_days", 20), variants=lifecycle(
               m("application_form business_license site_layout process_flow quality_manual"), change=False, cancel=False)),
    Family("health", "licensing", "province", "职业卫生技术服务机构资质认可（乙级）",
           m("application_form business_license staff_qualifications equipment_list quality_manual"),
           "《中华人民共和国职业病防治法》；《职业卫生技术服务机构管理办法》", statutory=20, promise=("working_days", 20)),
    Family("health", "other", "province", "{}", (), "《中华人民共和国职业病防治法》", statutory=5, promise=("working_days", 5),
           variants=[
               V("职业病诊断机构备案", materials=m("application_form original_permit staff_qualifications equipment_list"),
                 basis="《中华人民共和国职业病防治法》；《职业病诊断与鉴定管理办法》"),
               V("职业健康检查机构备案", materials=m("application_form original_permit staff_qualifications quality_manual"),
                 level="city", basis="《中华人民共和国职业病防治法》；《职业健康检查管理办法》"),
           ]),
    Family("health", "licensing", "province", "单采血浆站设置审批", m("application_form feasibility_study site_layout staff_qualifications"),
           "《血液制品管理条例》", statutory=60, promise=("working_days", 45)),
    Family("health", "public_service", "district", "出生医学证明{}", (), "《中华人民共和国母婴保健法》第二十三条",
           statutory=5, promise=("immediate", 0), variants=[
               V("首次签发", materials=m("application_form applicant_id medical_record")),
               V("补发", materials=m("application_form applicant_id loss_statement"), promise=("working_days", 5)),
               V("换发", materials=m("application_form birth_medical_certificate change_proof"), promise=("working_days", 3)),
           ]),
    Family("health", "public_service", "district", "生育登记", m("applicant_id marriage_certificate ?household_register"),
           BIRTH, statutory=1, promise=("immediate", 0)),
    Family("health", "payment", "district", "{}", (), BIRTH, statutory=30, promise=("working_days", 20), variants=[
        V("计划生育家庭特别扶助金发放", materials=m("application_form applicant_id household_register ?death_certificate")),
        V("农村部分计划生育家庭奖励扶助金发放", materials=m("application_form applicant_id household_register")),
        V("无偿献血者及其亲属用血费用报销", materials=m("applicant_id medical_invoices relation_proof"),
          basis="《中华人民共和国献血法》第十四条", statutory=10, promise=("working_days", 5)),
    ]),
    Family("health", "public_service", "district", "预防接种证办理", m("applicant_id birth_medical_certificate"),
           "《中华人民共和国疫苗管理法》第四十七条", statutory=1, promise=("immediate", 0)),
    Family("health", "confirmation", "city", "病残儿医学鉴定", m("application_form medical_record household_register"),
           BIRTH + "；《病残儿医学鉴定管理办法》", statutory=30, promise=("working_days", 30)),
    Family("health", "other", "district", "医师定期考核", m("application_form original_permit performance_records"),
           DOCTOR + "；《医师定期考核管理办法》", statutory=30, promise=("working_days", 20)),
    Family("health", "inspection", "district", "{}监督检查", (), "《中华人民共和国基本医疗卫生与健康促进法》", statutory=30,
           promise=("working_days", 20), online=False, variants=[
               V("医疗机构依法执业", materials=m("original_permit management_rules")),
               V("公共场所卫生", materials=m("original_permit medical_exam_report"), basis=PUBLIC_PLACES),
               V("学校卫生", materials=m("management_rules testing_report"), basis="《学校卫生工作条例》"),
               V("传染病防治", materials=m("original_permit management_rules ?emergency_plan"),
                 basis="《中华人民共和国传染病防治法》"),
           ]),
]  # fmt: skip

TEACHER = "《中华人民共和国教师法》；《教师资格条例》"
PRIVATE_SCHOOL = "《中华人民共和国民办教育促进法》；《中华人民共和国民办教育促进法实施条例》"
AID = "《学生资助资金管理办法》"

EDU = [
    Family("edu", "confirmation", "district", "教师资格认定（{}）", (), TEACHER, statutory=30, promise=("working_days", 20),
           variants=[
               V("幼儿园", materials=m("application_form applicant_id teacher_exam_certificate mandarin_certificate medical_exam_report diploma")),
               V("小学", materials=m("application_form applicant_id teacher_exam_certificate mandarin_certificate medical_exam_report diploma")),
               V("初级中学", materials=m("application_form applicant_id teacher_exam_certificate mandarin_certificate medical_exam_report diploma")),
               V("高级中学", materials=m("application_form applicant_id teacher_exam_certificate mandarin_certificate medical_exam_report diploma"),
                 level="city"),
               V("中等职业学校", materials=m("application_form applicant_id teacher_exam_certificate mandarin_certificate medical_exam_report diploma"),
                 level="city"),
           ]),
    Family("edu", "public_service", "district", "教师资格证书补发换发", m("application_form applicant_id photo ?loss_statement"),
           TEACHER, statutory=20, promise=("working_days", 10)),
    Family("edu", "licensing", "district", "{}", (), PRIVATE_SCHOOL, statutory=90, promise=("working_days", 30), variants=[
        V("民办幼儿园设立审批", materials=m("application_form school_charter asset_proof premises_proof staff_qualifications")),
        V("民办义务教育学校设立审批", materials=m("application_form school_charter asset_proof premises_proof staff_qualifications")),
        V("民办普通高级中学设立审批", materials=m("application_form school_charter asset_proof premises_proof staff_qualifications"),
          level="city"),
        V("面向中小学生的非学科类校外培训机构设立审批",
          materials=m("application_form school_charter asset_proof premises_proof fire_safety_proof")),
        V("民办学校办学许可证变更", materials=m("application_form original_permit change_proof"), statutory=30),
        V("民办学校办学许可证延续", materials=m("application_form original_permit financial_statements"), statutory=30),
        V("民办学校终止", materials=m("application_form original_permit liquidation_report"), statutory=30),
    ]),
    Family("edu", "licensing", "province", "{}", (), "《中华人民共和国教育法》", statutory=90, promise=("working_days", 60), variants=[
        V("中外合作办学机构设立审批（高中阶段）", materials=m("application_form contract foreign_investor_proof asset_proof school_charter"),
          basis="《中华人民共和国中外合作办学条例》"),
        V("实施专科教育的高等学校设立审批", materials=m("application_form school_charter asset_proof premises_proof feasibility_study"),
          basis="《中华人民共和国高等教育法》第二十九条"),
    ]),
    Family("edu", "payment", "district", "{}", (), AID, statutory=30, promise=("working_days", 20), variants=[
        V("学前教育幼儿资助", materials=m("application_form applicant_id family_income_declaration")),
        V("普通高中国家助学金", materials=m("application_form applicant_id family_income_declaration"), level="city"),
        V("中等职业学校免学费", materials=m("application_form applicant_id household_register")),
        V("生源地信用助学贷款", materials=m("application_form applicant_id household_register family_income_declaration"),
          item_type="public_service", basis="《关于进一步完善国家助学贷款政策的通知》"),
    ]),
    Family("edu", "confirmation", "district", "家庭经济困难学生认定", m("application_form applicant_id family_income_declaration"),
           "《关于做好家庭经济困难学生认定工作的指导意见》", statutory=20, promise=("working_days", 10)),
    Family("edu", "public_service", "district", "{}", (), "《中华人民共和国义务教育法》", statutory=10, promise=("working_days", 5),
           variants=[
               V("义务教育阶段入学登记", materials=m("applicant_id household_register ?property_certificate ?residence_proof")),
               V("义务教育阶段转学", materials=m("application_form applicant_id ?residence_proof")),
               V("中小学学籍证明开具", materials=m("application_form applicant_id"), promise=("immediate", 0)),
           ]),
    Family("edu", "licensing", "district", "适龄儿童、少年延缓入学或休学审批", m("application_form applicant_id medical_record"),
           "《中华人民共和国义务教育法》第十一条", statutory=15, promise=("working_days", 5)),
    Family("edu", "licensing", "district", "校车使用许可", m("application_form vehicle_license driving_license vehicle_insurance management_rules"),
           "《校车安全管理条例》第十四条", statutory=20, promise=("working_days", 10)),
    Family("edu", "inspection", "district", "{}", (), PRIVATE_SCHOOL, statutory=30, promise=("working_days", 20), online=False,
           variants=[
               V("民办学校年度检查", materials=m("original_permit financial_statements management_rules")),
               V("校外培训机构监督检查", materials=m("original_permit management_rules ?fire_safety_proof"),
                 basis="《校外培训行政处罚暂行办法》"),
           ]),
    Family("edu", "reward", "province", "河南省优秀教师推荐", m("application_form applicant_id performance_records"),
           "《中华人民共和国教师法》第三十三条", statutory=60, promise=("working_days", 30)),
    Family("edu", "public_service", "province", "普通高等学校招生考试报名", m("applicant_id household_register photo"),
           "《中华人民共和国教育法》；《普通高等学校招生工作规定》", statutory=1, promise=("immediate", 0)),
]  # fmt: skip

SAFETY = "《中华人民共和国安全生产法》"
HAZCHEM = "《危险化学品安全管理条例》"
FIREWORKS = "《烟花爆竹安全管理条例》；《烟花爆竹经营许可实施办法》"

EMA = [
    Family("ema", "licensing", "district", "危险化学品经营许可（{}）", (), HAZCHEM + "第三十三条；《危险化学品经营许可证管理办法》",
           statutory=30, promise=("working_days", 15), variants=[
               V("无储存设施", materials=m("application_form business_license management_rules staff_qualifications emergency_plan")),
               V("带有储存设施", materials=m("application_form business_license safety_assessment management_rules emergency_plan"),
                 level="city"),
               V("变更", materials=m("application_form original_permit change_proof"), promise=("working_days", 10)),
               V("延续", materials=m("application_form original_permit ?safety_assessment")),
           ]),
    Family("ema", "licensing", "city", "危险化学品安全使用许可证核发", m("application_form business_license safety_assessment emergency_plan"),
           HAZCHEM + "；《危险化学品安全使用许可证实施办法》", statutory=45, promise=("working_days", 30)),
    Family("ema", "licensing", "province", "{}", (), "《安全生产许可证条例》",
           statutory=45, promise=("working_days", 30), variants=[
               V("危险化学品生产企业安全生产许可证核发", materials=m("application_form business_license safety_assessment emergency_plan management_rules"),
                 basis="《安全生产许可证条例》；《危险化学品生产企业安全生产许可证实施办法》"),
               V("危险化学品生产企业安全生产许可证延续", materials=m("application_form original_permit safety_assessment")),
               V("非煤矿矿山企业安全生产许可证核发", materials=m("application_form business_license safety_assessment emergency_plan original_permit"),
                 basis="《安全生产许可证条例》；《非煤矿矿山企业安全生产许可证实施办法》"),
               V("非煤矿矿山企业安全生产许可证延续", materials=m("application_form original_permit safety_assessment")),
           ]),
    Family("ema", "licensing", "district", "烟花爆竹经营（零售）许可（{}）", (), FIREWORKS, statutory=20, promise=("working_days", 10),
           variants=[
               V("新办", materials=m("application_form business_license site_layout staff_qualifications fire_safety_proof")),
               V("延续", materials=m("application_form original_permit ?site_layout")),
           ]),
    Family("ema", "licensing", "province", "烟花爆竹经营（批发）许可", m("application_form business_license safety_assessment site_layout emergency_plan"),
           FIREWORKS, statutory=30, promise=("working_days", 20)),
    Family("ema", "licensing", "province", "特种作业操作证{}", (), SAFETY + "第三十条；《特种作业人员安全技术培训考核管理规定》",
           statutory=20, promise=("working_days", 10), variants=[
               V("首次申领", materials=m("application_form applicant_id exam_certificate medical_exam_report photo")),
               V("复审", materials=m("application_form original_permit medical_exam_report")),
               V("补发", materials=m("application_form applicant_id loss_statement")),
               V("延期换证", materials=m("application_form original_permit ?exam_certificate")),
           ]),
    Family("ema", "confirmation", "city", "生产经营单位主要负责人和安全生产管理人员安全生产知识和管理能力考核",
           m("application_form applicant_id exam_certificate labor_contract"), SAFETY + "第二十七条", statutory=20,
           promise=("working_days", 10)),
    Family("ema", "licensing", "city", "{}建设项目安全设施设计审查", (), SAFETY + "第三十三条；《建设项目安全设施“三同时”监督管理办法》",
           statutory=20, promise=("working_days", 15), variants=[
               V("危险化学品", materials=m("application_form project_filing safety_assessment design_drawings")),
               V("金属冶炼", materials=m("application_form project_filing safety_assessment design_drawings ?emergency_plan"),
                 level="province"),
           ]),
    Family("ema", "licensing", "province", "安全评价机构资质认可", m("application_form business_license staff_qualifications equipment_list quality_manual"),
           SAFETY + "；《安全评价检测检验机构管理办法》", statutory=20, promise=("working_days", 20)),
    Family("ema", "other", "district", "生产安全事故应急预案备案", m("emergency_plan business_license ?safety_assessment"),
           SAFETY + "；《生产安全事故应急预案管理办法》", statutory=5, promise=("working_days", 3)),
    Family("ema", "other", "city", "第二类、第三类非药品类易制毒化学品生产经营备案", m("application_form business_license management_rules"),
           "《易制毒化学品管理条例》；《非药品类易制毒化学品生产、经营许可办法》", statutory=3, promise=("working_days", 3)),
    Family("ema", "confirmation", "district", "安全生产标准化三级企业评审", m("application_form business_license management_rules safety_assessment"),
           SAFETY + "第四条；《企业安全生产标准化建设定级办法》", statutory=30, promise=("working_days", 20)),
    Family("ema", "inspection", "district", "安全生产监督检查", m("business_license management_rules emergency_plan"),
           SAFETY + "第六十五条", statutory=30, promise=("working_days", 15), online=False),
    Family("ema", "reward", "district", "安全生产违法行为举报奖励", m("applicant_id evidence bank_account"),
           SAFETY + "第七十六条；《安全生产领域举报奖励办法》", statutory=30, promise=("working_days", 15)),
    Family("ema", "payment", "district", "{}", (), "《自然灾害救助条例》", statutory=30, promise=("working_days", 20), window=W_GENERAL,
           variants=[
               V("受灾人员冬春生活救助", materials=m("application_form applicant_id household_register")),
               V("因灾倒损住房恢复重建补助", materials=m("application_form applicant_id property_certificate ?evidence")),
           ]),
]  # fmt: skip

FAMILIES = HEALTH + EDU + EMA
