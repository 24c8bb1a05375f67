# ruff: noqa: E501 -- data tables, one family per entry, kept compact on purpose (and out of the formatter: fmt: skip)
"""Item families of human resources and social security (人社), housing provident fund (公积金), medical insurance
(医保), civil affairs (民政), the disabled persons' federation (残联) and veterans affairs (退役军人)."""

from items_common import W_CIVIL, W_HPF, W_MEDINS, W_SOCIAL, Family, V, lifecycle, m

SI = "《中华人民共和国社会保险法》"
INJURY = "《中华人民共和国社会保险法》；《工伤保险条例》"
EMPLOY = "《中华人民共和国就业促进法》；《就业补助资金管理办法》"

HRSS = [
    Family("hrss", "confirmation", "district", "{}", (), SI + "；《社会保险费征缴暂行条例》", statutory=5, promise=("immediate", 0),
           window=W_SOCIAL, variants=[
               V("社会保险单位信息变更登记", materials=m("business_license social_insurance_form change_proof")),
               V("职工参保登记", materials=m("insured_person_form labor_contract ?applicant_id")),
               V("职工社会保险停保登记", materials=m("insured_person_form termination_proof")),
               V("灵活就业人员参保登记", materials=m("applicant_id insured_person_form")),
               V("城乡居民基本养老保险参保登记", materials=m("applicant_id household_register ?insured_person_form"),
                 basis="《国务院关于建立统一的城乡居民基本养老保险制度的意见》"),
           ]),
    Family("hrss", "public_service", "district", "个人社会保险权益记录查询打印", m("applicant_id ?power_of_attorney"), SI,
           statutory=1, promise=("immediate", 0), window=W_SOCIAL),
    Family("hrss", "public_service", "district", "社会保障卡{}", (), SI + "；《中华人民共和国社会保障卡管理办法》", statutory=20,
           promise=("working_days", 10), window=W_SOCIAL, variants=[
               V("申领", materials=m("applicant_id photo ?household_register")),
               V("补领", materials=m("applicant_id photo loss_statement"), promise=("immediate", 0)),
               V("换领", materials=m("applicant_id social_security_card"), promise=("immediate", 0)),
               V("挂失与解挂", materials=m("applicant_id ?social_security_card"), promise=("immediate", 0)),
               V("个人信息变更", materials=m("applicant_id social_security_card change_proof"), promise=("immediate", 0)),
           ]),
    Family("hrss", "confirmation", "district", "{}", (), SI + "；《城镇企业职工基本养老保险关系转移接续暂行办法》",
           statutory=45, promise=("working_days", 15), window=W_SOCIAL, variants=[
               V("企业职工基本养老保险关系转移接续", materials=m("applicant_id insured_person_form ?labor_contract")),
               V("城乡居民基本养老保险关系转移接续", materials=m("applicant_id household_register insured_person_form")),
               V("城乡养老保险制度衔接", materials=m("applicant_id insured_person_form social_security_card"),
                 basis="《城乡养老保险制度衔接暂行办法》"),
           ]),
    Family("hrss", "confirmation", "city", "{}", (), SI + "；《国务院关于工人退休、退职的暂行办法》", statutory=20,
           promise=("working_days", 10), window=W_SOCIAL, variants=[
               V("职工正常退休（职）申请", materials=m("retirement_form applicant_id personnel_file"), level="district"),
               V("因病或非因工致残完全丧失劳动能力退休（职）申请",
                 materials=m("retirement_form applicant_id personnel_file incapacity_conclusion")),
           ]),
    Family("hrss", "payment", "district", "{}", (), SI, statutory=20, promise=("working_days", 10), window=W_SOCIAL, variants=[
        V("企业职工基本养老保险待遇申领", materials=m("applicant_id retirement_form bank_account")),
        V("城乡居民基本养老保险待遇申领", materials=m("applicant_id household_register bank_account")),
        V("个人账户一次性待遇申领", materials=m("applicant_id ?death_certificate ?exit_settlement_proof bank_account")),
        V("参保人员丧葬补助金、抚恤金申领", materials=m("death_certificate relation_proof agent_id bank_account")),
    ]),
    Family("hrss", "confirmation", "district", "工伤认定申请",
           m("work_injury_application labor_contract medical_record ?evidence"), INJURY + "第十七条", statutory=60,
           promise=("working_days", 30), window=W_SOCIAL),
    Family("hrss", "confirmation", "city", "劳动能力鉴定申请", m("application_form applicant_id medical_record ?evidence"),
           INJURY + "第二十三条", statutory=60, promise=("working_days", 45), window=W_SOCIAL),
    Family("hrss", "payment", "district", "工伤保险{}", (), INJURY, statutory=20, promise=("working_days", 10), window=W_SOCIAL,
           variants=[
               V("医疗（康复）待遇申请", materials=m("applicant_id medical_invoices medical_record")),
               V("伤残待遇申领", materials=m("applicant_id incapacity_conclusion bank_account")),
               V("工亡待遇申领", materials=m("death_certificate relation_proof agent_id bank_account")),
           ]),
    Family("hrss", "payment", "district", "{}", (), "《中华人民共和国社会保险法》；《失业保险条例》", statutory=10,
           promise=("working_days", 5), window=W_SOCIAL, variants=[
               V("失业保险金申领", materials=m("applicant_id termination_proof bank_account")),
               V("失业保险稳岗返还", materials=m("business_license bank_account ?employee_roster"), promise=("immediate", 0)),
               V("技能提升补贴申领", materials=m("applicant_id skill_certificate bank_account")),
               V("失业保险关系转移接续", materials=m("applicant_id termination_proof ?unemployment_form"),
                 item_type="confirmation"),
           ]),
    Family("hrss", "public_service", "district", "{}", (), EMPLOY, statutory=5, promise=("immediate", 0), window=W_SOCIAL,
           variants=[
               V("就业创业证申领", materials=m("applicant_id employment_form ?photo")),
               V("就业失业登记", materials=m("applicant_id employment_form ?termination_proof")),
               V("创业担保贷款申请", materials=m("applicant_id business_license business_plan"),
                 statutory=20, promise=("working_days", 10)),
           ]),
    Family("hrss", "payment", "district", "{}申领", (), EMPLOY, statutory=20, promise=("working_days", 15), window=W_SOCIAL,
           variants=[
               V("一次性创业补贴", materials=m("subsidy_application applicant_id business_license bank_account")),
               V("灵活就业人员社会保险补贴", materials=m("subsidy_application applicant_id employment_form")),
               V("公益性岗位补贴", materials=m("subsidy_application employee_roster labor_contract")),
               V("就业见习补贴", materials=m("subsidy_application employee_roster diploma")),
               V("职业培训补贴", materials=m("subsidy_application applicant_id skill_certificate bank_account")),
               V("求职创业补贴", materials=m("subsidy_application applicant_id ?subsistence_certificate")),
           ]),
    Family("hrss", "licensing", "city", "劳务派遣经营许可", (), "《中华人民共和国劳动合同法》第五十七条；《劳务派遣行政许可实施办法》",
           statutory=20, promise=("working_days", 10),
           variants=lifecycle(m("application_form business_license registered_capital_proof premises_proof management_rules"))),
    Family("hrss", "licensing", "district", "人力资源服务许可", (), "《人力资源市场暂行条例》第十八条",
           statutory=20, promise=("working_days", 10),
           variants=lifecycle(m("application_form business_license staff_qualifications premises_proof management_rules"),
                              renew=False)),
    Family("hrss", "other", "district", "人力资源服务机构备案", m("application_form business_license management_rules"),
           "《人力资源市场暂行条例》第十九条", statutory=5, promise=("immediate", 0)),
    Family("hrss", "licensing", "district", "企业实行不定时工作制和综合计算工时工作制审批",
           m("special_hours_application business_license employee_roster ?collective_contract"),
           "《中华人民共和国劳动法》第三十九条；《关于企业实行不定时工作制和综合计算工时工作制的审批办法》",
           statutory=20, promise=("working_days", 10)),
    Family("hrss", "other", "district", "集体合同审查", m("collective_contract business_license ?employee_roster"),
           "《中华人民共和国劳动合同法》第五十四条；《集体合同规定》", statutory=15, promise=("working_days", 10)),
    Family("hrss", "other", "district", "农民工工资保证金存储", m("application_form business_license construction_contract"),
           "《保障农民工工资支付条例》；《工程建设领域农民工工资保证金规定》", statutory=5, promise=("working_days", 3),
           window="工程建设项目审批窗口"),
    Family("hrss", "confirmation", "city", "职业技能等级认定", m("application_form applicant_id ?skill_certificate ?diploma"),
           "《中华人民共和国劳动法》第六十九条；《职业技能等级认定工作规程（试行）》", statutory=30, promise=("working_days", 20)),
    Family("hrss", "confirmation", "city", "专业技术职务任职资格评审（{}）", (), "《职称评审管理暂行规定》",
           statutory=60, promise=("working_days", 45), variants=[
               V("初级", materials=m("title_application diploma work_experience_proof"), level="district"),
               V("中级", materials=m("title_application diploma work_experience_proof performance_records")),
           ]),
    Family("hrss", "ruling", "district", "劳动人事争议仲裁", m("arbitration_application applicant_id evidence ?power_of_attorney"),
           "《中华人民共和国劳动争议调解仲裁法》", statutory=45, promise=("working_days", 45), online=False),
    Family("hrss", "inspection", "district", "劳动保障监察", m("business_license employee_roster labor_contract"),
           "《劳动保障监察条例》", statutory=60, promise=("working_days", 60), online=False),
    Family("hrss", "reward", "province", "河南省技术能手推荐", m("application_form applicant_id skill_certificate performance_records"),
           "《中华人民共和国劳动法》；《中华技能大奖和全国技术能手评选表彰管理办法》", statutory=60, promise=("working_days", 45)),
]  # fmt: skip

HPF_RULES = "《住房公积金管理条例》"
HPF_WD = "《住房公积金管理条例》第二十四条"

HPF = [
    Family("hpf", "confirmation", "city", "{}", (), HPF_RULES, statutory=5, promise=("immediate", 0), window=W_HPF, variants=[
        V("住房公积金单位信息变更", materials=m("hpf_change_form business_license change_proof")),
        V("住房公积金单位账户注销", materials=m("hpf_change_form business_license ?termination_proof")),
        V("住房公积金个人账户设立", materials=m("hpf_account_form employee_roster")),
        V("住房公积金个人账户封存", materials=m("hpf_account_form termination_proof")),
        V("住房公积金个人账户启封", materials=m("hpf_account_form labor_contract")),
        V("住房公积金个人账户市内转移", materials=m("hpf_account_form applicant_id")),
        V("住房公积金异地转移接续", materials=m("applicant_id hpf_account_form ?labor_contract"), promise=("working_days", 3)),
        V("住房公积金缴存基数调整", materials=m("hpf_change_form employee_roster")),
        V("住房公积金补缴", materials=m("hpf_change_form employee_roster ?financial_statements")),
    ]),
    Family("hpf", "licensing", "city", "住房公积金缓缴或降低缴存比例审批",
           m("application_form business_license financial_statements shareholder_resolution"),
           HPF_RULES + "第二十条", statutory=20, promise=("working_days", 10), window=W_HPF),
    Family("hpf", "payment", "city", "住房公积金提取（{}）", (), HPF_WD, statutory=3, promise=("immediate", 0), window=W_HPF,
           variants=[
               V("租赁住房", materials=m("applicant_id lease_contract ?residence_proof")),
               V("离休、退休", materials=m("applicant_id retirement_certificate")),
               V("偿还商业性住房贷款", materials=m("applicant_id loan_contract property_certificate")),
               V("偿还住房公积金贷款", materials=m("applicant_id ?loan_contract")),
               V("建造、翻建、大修自住住房", materials=m("applicant_id build_permit ?contract"), promise=("working_days", 3)),
               V("出境定居", materials=m("applicant_id exit_settlement_proof")),
               V("完全丧失劳动能力并与单位终止劳动关系", materials=m("applicant_id incapacity_conclusion termination_proof")),
               V("享受城镇最低生活保障", materials=m("applicant_id subsistence_certificate")),
               V("本人及家庭成员重大疾病医疗", materials=m("applicant_id medical_record medical_invoices ?relation_proof"),
                 promise=("working_days", 3)),
               V("与单位终止劳动关系未再就业", materials=m("applicant_id termination_proof")),
               V("职工死亡或被宣告死亡", materials=m("death_certificate inheritance_proof agent_id"),
                 promise=("working_days", 3)),
               V("既有住宅加装电梯", materials=m("applicant_id elevator_docs property_certificate")),
               V("购买二手自住住房", materials=m("applicant_id house_contract deed_tax_invoice")),
           ]),
    Family("hpf", "public_service", "city", "住房公积金个人住房贷款（{}）", (), HPF_RULES + "第二十六条", statutory=15,
           promise=("working_days", 10), window=W_HPF, variants=[
               V("新建商品住房", materials=m("hpf_loan_application applicant_id house_contract income_proof ?marriage_certificate")),
               V("二手住房", materials=m("hpf_loan_application applicant_id house_contract property_certificate income_proof")),
               V("组合贷款", materials=m("hpf_loan_application applicant_id house_contract income_proof loan_contract")),
           ]),
    Family("hpf", "public_service", "city", "{}", (), HPF_RULES, statutory=3, promise=("immediate", 0), window=W_HPF, variants=[
        V("住房公积金贷款提前还款", materials=m("applicant_id loan_contract")),
        V("住房公积金贷款还款方式变更", materials=m("applicant_id loan_contract ?bank_account")),
        V("住房公积金贷款结清证明开具", materials=m("applicant_id loan_contract")),
        V("住房公积金缴存证明开具", materials=m("applicant_id ?power_of_attorney")),
    ]),
]  # fmt: skip

MEDINS_BASIS = "《中华人民共和国社会保险法》；《医疗保障基金使用监督管理条例》"

MEDINS = [
    Family("medins", "confirmation", "district", "{}", (), MEDINS_BASIS, statutory=5, promise=("immediate", 0), window=W_MEDINS,
           variants=[
               V("职工基本医疗保险参保登记", materials=m("business_license insured_person_form employee_roster")),
               V("城乡居民基本医疗保险参保登记", materials=m("applicant_id household_register")),
               V("新生儿参保登记", materials=m("birth_medical_certificate household_register")),
               V("基本医疗保险关系转移接续", materials=m("applicant_id insured_person_form")),
               V("医疗保险参保信息变更", materials=m("applicant_id change_proof")),
               V("职工医保个人账户家庭共济绑定", materials=m("applicant_id relation_proof household_register")),
               V("医疗保险参保凭证开具", materials=m("applicant_id ?power_of_attorney"), item_type="public_service"),
           ]),
    Family("medins", "public_service", "city", "异地就医备案（{}）", (), MEDINS_BASIS + "；《关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》",
           statutory=1, promise=("immediate", 0), window=W_MEDINS, variants=[
               V("异地安置退休人员", materials=m("applicant_id residence_proof ?retirement_certificate")),
               V("异地长期居住", materials=m("applicant_id residence_proof ?commitment")),
               V("临时外出就医", materials=m("applicant_id ?medical_record")),
               V("异地转诊", materials=m("applicant_id medical_record")),
           ]),
    Family("medins", "confirmation", "city", "门诊慢特病待遇认定", m("application_form applicant_id medical_record"),
           MEDINS_BASIS, statutory=15, promise=("working_days", 10), window=W_MEDINS),
    Family("medins", "payment", "city", "{}", (), MEDINS_BASIS, statutory=20, promise=("working_days", 15), window=W_MEDINS,
           variants=[
               V("医疗费用手工（零星）报销", materials=m("applicant_id medical_invoices medical_record bank_account")),
               V("生育津贴申领", materials=m("applicant_id birth_medical_certificate bank_account"),
                 basis="《中华人民共和国社会保险法》第五十六条"),
               V("生育医疗费用报销", materials=m("applicant_id medical_invoices birth_medical_certificate")),
               V("城乡居民大病保险待遇申领", materials=m("applicant_id medical_invoices medical_record")),
               V("医疗救助申请", materials=m("applicant_id medical_invoices subsistence_certificate"),
                 basis="《社会救助暂行办法》第二十八条"),
           ]),
    Family("medins", "other", "city", "医疗保障定点{}申请", (), "《医疗机构医疗保障定点管理暂行办法》", statutory=90,
           promise=("working_days", 60), window=W_MEDINS, variants=[
               V("医疗机构", materials=m("application_form business_license original_permit management_rules")),
               V("零售药店", materials=m("application_form business_license original_permit pharmacist_certificate"),
                 basis="《零售药店医疗保障定点管理暂行办法》"),
           ]),
    Family("medins", "inspection", "district", "医疗保障基金使用监督检查", m("business_license original_permit financial_statements"),
           MEDINS_BASIS, statutory=30, promise=("working_days", 30), online=False, window=W_MEDINS),
    Family("medins", "reward", "city", "欺诈骗取医疗保障基金行为举报奖励", m("applicant_id evidence bank_account"),
           "《医疗保障基金使用监督管理举报处理暂行办法》；《违法违规使用医疗保障基金举报奖励办法》",
           statutory=30, promise=("working_days", 20), window=W_MEDINS),
]  # fmt: skip

ASSISTANCE = "《社会救助暂行办法》"

CIVIL = [
    Family("civil", "confirmation", "district", "{}", (), "《中华人民共和国民法典》；《婚姻登记条例》", statutory=1,
           promise=("immediate", 0), window=W_CIVIL, variants=[
               V("内地居民结婚登记", materials=m("applicant_id household_register photo single_statement")),
               V("内地居民离婚登记", materials=m("applicant_id household_register marriage_certificate divorce_docs"),
                 statutory=30, promise=("working_days", 30)),
               V("补领婚姻登记证", materials=m("applicant_id household_register photo")),
               V("涉外及港澳台居民结婚登记", materials=m("passport photo single_statement ?applicant_id"), level="city"),
           ]),
    Family("civil", "confirmation", "city", "收养登记", m("application_form applicant_id household_register medical_exam_report ?relation_proof"),
           "《中华人民共和国民法典》；《中国公民收养子女登记办法》", statutory=30, promise=("working_days", 20), window=W_CIVIL),
    Family("civil", "licensing", "district", "社会团体{}", (), "《社会团体登记管理条例》", statutory=60, promise=("working_days", 20),
           variants=[
               V("成立登记", materials=m("application_form school_charter founders_list asset_proof premises_proof")),
               V("变更登记", materials=m("application_form change_proof original_permit"), statutory=30),
               V("注销登记", materials=m("application_form liquidation_report original_permit"), statutory=15),
           ]),
    Family("civil", "licensing", "district", "民办非企业单位{}", (), "《民办非企业单位登记管理暂行条例》", statutory=30,
           promise=("working_days", 20), variants=[
               V("成立登记", materials=m("application_form school_charter founders_list asset_proof premises_proof")),
               V("变更登记", materials=m("application_form change_proof original_permit")),
               V("注销登记", materials=m("application_form liquidation_report original_permit"), statutory=15),
           ]),
    Family("civil", "inspection", "district", "社会组织年度检查", m("application_form financial_statements original_permit"),
           "《社会团体登记管理条例》；《民办非企业单位登记管理暂行条例》", statutory=60, promise=("working_days", 30)),
    Family("civil", "confirmation", "city", "慈善组织认定", m("application_form school_charter financial_statements original_permit"),
           "《中华人民共和国慈善法》第十条", statutory=20, promise=("working_days", 20)),
    Family("civil", "payment", "district", "{}", (), ASSISTANCE, statutory=30, promise=("working_days", 20), window=W_CIVIL,
           variants=[
               V("最低生活保障审核确认", materials=m("application_form applicant_id household_register family_income_declaration"),
                 basis=ASSISTANCE + "；《最低生活保障审核确认办法》"),
               V("特困人员救助供养审核确认", materials=m("application_form applicant_id household_register family_income_declaration"),
                 basis=ASSISTANCE + "；《特困人员认定办法》"),
               V("临时救助", materials=m("application_form applicant_id ?medical_invoices"), promise=("working_days", 10)),
               V("高龄津贴发放", materials=m("applicant_id household_register bank_account"),
                 basis="《中华人民共和国老年人权益保障法》"),
               V("困难残疾人生活补贴", materials=m("applicant_id disability_certificate subsistence_certificate"),
                 basis="《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》"),
               V("重度残疾人护理补贴", materials=m("applicant_id disability_certificate bank_account"),
                 basis="《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》"),
               V("孤儿基本生活费发放", materials=m("application_form death_certificate household_register"),
                 basis="《国务院办公厅关于加强孤儿保障工作的意见》"),
               V("事实无人抚养儿童基本生活补贴", materials=m("application_form household_register ?court_document"),
                 basis="《关于进一步加强事实无人抚养儿童保障工作的意见》"),
               V("惠民殡葬补贴", materials=m("death_certificate agent_id bank_account"), basis="《殡葬管理条例》"),
           ]),
    Family("civil", "other", "district", "养老机构备案", m("application_form business_license premises_proof fire_safety_proof"),
           "《中华人民共和国老年人权益保障法》第四十三条；《养老机构管理办法》", statutory=5, promise=("immediate", 0)),
    Family("civil", "licensing", "district", "公益性公墓建设审批", m("application_form project_filing red_line_map eia_report"),
           "《殡葬管理条例》第八条", statutory=20, promise=("working_days", 15)),
    Family("civil", "other", "district", "{}", (), "《地名管理条例》", statutory=30, promise=("working_days", 15), variants=[
        V("地名命名、更名", materials=m("application_form design_scheme ?project_filing")),
        V("门楼牌编制与核发", materials=m("application_form property_certificate ?planning_permit"), promise=("working_days", 5)),
    ]),
    Family("civil", "public_service", "district", "居民家庭经济状况核对", m("family_income_declaration applicant_id"),
           ASSISTANCE, statutory=15, promise=("working_days", 10), window=W_CIVIL),
    Family("civil", "public_service", "district", "老年人优待证办理", m("applicant_id photo"),
           "《中华人民共和国老年人权益保障法》", statutory=5, promise=("immediate", 0), window=W_CIVIL),
]  # fmt: skip

DISABLED_BASIS = "《中华人民共和国残疾人保障法》"

DISABLED = [
    Family("disabled", "confirmation", "district", "残疾人证", (), DISABLED_BASIS + "；《中华人民共和国残疾人证管理办法》",
           statutory=20, promise=("working_days", 10), window=W_CIVIL, variants=[
               V("新办", materials=m("applicant_id household_register photo disability_assessment")),
               V("换领", materials=m("applicant_id disability_certificate disability_assessment")),
               V("迁移", materials=m("applicant_id disability_certificate household_register"), promise=("working_days", 5)),
               V("补办", materials=m("applicant_id photo loss_statement"), promise=("working_days", 5)),
               V("注销", materials=m("disability_certificate ?death_certificate agent_id"), promise=("immediate", 0)),
           ]),
    Family("disabled", "payment", "district", "{}", (), DISABLED_BASIS, statutory=30, promise=("working_days", 20), window=W_CIVIL,
           variants=[
               V("残疾人辅助器具适配补贴", materials=m("subsidy_application disability_certificate bank_account")),
               V("残疾儿童康复救助", materials=m("application_form disability_assessment household_register medical_record"),
                 basis=DISABLED_BASIS + "；《国务院关于建立残疾儿童康复救助制度的意见》"),
               V("残疾人职业技能培训补贴", materials=m("subsidy_application disability_certificate skill_certificate"),
                 basis="《残疾人就业条例》"),
               V("残疾人自主创业扶持", materials=m("subsidy_application disability_certificate business_license bank_account"),
                 basis="《残疾人就业条例》"),
               V("残疾人家庭大学生助学补贴", materials=m("subsidy_application disability_certificate diploma"),
                 statutory=20),
           ]),
    Family("disabled", "other", "district", "用人单位按比例安排残疾人就业审核",
           m("application_form business_license employee_roster disability_certificate"),
           "《残疾人就业条例》第八条", statutory=20, promise=("working_days", 10)),
]  # fmt: skip

VETERANS_BASIS = "《中华人民共和国退役军人保障法》"
PENSION = "《军人抚恤优待条例》"

VETERANS = [
    Family("veterans", "public_service", "district", "{}", (), VETERANS_BASIS, statutory=20, promise=("working_days", 10),
           window=W_CIVIL, variants=[
               V("退役军人优待证申领", materials=m("applicant_id discharge_certificate photo")),
               V("退役军人档案接收", materials=m("discharge_certificate personnel_file"), promise=("immediate", 0)),
               V("光荣牌悬挂", materials=m("applicant_id discharge_certificate ?household_register"),
                 basis="《关于为烈属、军属和退役军人等家庭悬挂光荣牌工作的实施办法》"),
           ]),
    Family("veterans", "payment", "district", "{}", (), PENSION, statutory=30, promise=("working_days", 20), window=W_CIVIL,
           variants=[
               V("自主就业退役士兵一次性经济补助金给付", materials=m("discharge_certificate applicant_id bank_account"),
                 basis="《退役士兵安置条例》"),
               V("烈士遗属定期抚恤金给付", materials=m("martyr_certificate applicant_id relation_proof bank_account")),
               V("在乡复员军人定期定量补助", materials=m("applicant_id discharge_certificate bank_account")),
               V("带病回乡退伍军人生活补助", materials=m("applicant_id discharge_certificate medical_record bank_account")),
               V("部分参战参试退役人员生活补助", materials=m("applicant_id discharge_certificate evidence bank_account")),
               V("义务兵家庭优待金给付", materials=m("applicant_id household_register relation_proof bank_account")),
               V("退役军人创业担保贷款贴息", materials=m("applicant_id discharge_certificate business_license loan_contract"),
                 basis=VETERANS_BASIS),
               V("退役士兵职业技能培训补贴", materials=m("discharge_certificate skill_certificate bank_account"),
                 basis="《退役士兵安置条例》"),
           ]),
    Family("veterans", "confirmation", "city", "{}", (), PENSION, statutory=60, promise=("working_days", 40), window=W_CIVIL,
           variants=[
               V("伤残抚恤关系转移", materials=m("disabled_soldier_certificate household_register applicant_id"),
                 promise=("working_days", 20)),
               V("残疾军人残疾等级评定", materials=m("application_form disabled_soldier_certificate medical_record"),
                 level="province"),
               V("烈士评定", materials=m("application_form death_certificate evidence relation_proof"), level="province",
                 item_type="reward", basis="《烈士褒扬条例》"),
           ]),
]  # fmt: skip

FAMILIES = HRSS + HPF + MEDINS + CIVIL + DISABLED + VETERANS
