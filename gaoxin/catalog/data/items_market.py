# ruff: noqa: E501 -- data tables, one family per entry, kept compact on purpose (and out of the formatter: fmt: skip)
"""Item families of market regulation (市场监管), commerce (商务) and customs (海关)."""

from items_common import W_ENTERPRISE, W_START, Family, V, lifecycle, m

REG = "《中华人民共和国市场主体登记管理条例》；《中华人民共和国市场主体登记管理条例实施细则》"

# Kind of market entity → (legal basis, application form, founding materials, has 备案, level)
ENTITIES = [
    ("有限责任公司", "《中华人民共和国公司法》；" + REG, "company_application",
     "articles shareholder_proof legal_rep_id premises_proof ?officer_appointment", True, "district"),
    ("股份有限公司", "《中华人民共和国公司法》；" + REG, "company_application",
     "articles founders_list legal_rep_id premises_proof ?registered_capital_proof", True, "city"),
    ("分公司", "《中华人民共和国公司法》；" + REG, "company_application",
     "business_license legal_rep_id premises_proof ?power_of_attorney", False, "district"),
    ("非公司企业法人", REG, "enterprise_application",
     "investor_proof legal_rep_id premises_proof ?articles", True, "district"),
    ("非公司企业法人分支机构", REG, "enterprise_application",
     "business_license legal_rep_id premises_proof", False, "district"),
    ("合伙企业", "《中华人民共和国合伙企业法》；" + REG, "enterprise_application",
     "partnership_agreement investor_proof premises_proof ?power_of_attorney", True, "district"),
    ("合伙企业分支机构", "《中华人民共和国合伙企业法》；" + REG, "enterprise_application",
     "business_license premises_proof ?power_of_attorney", False, "district"),
    ("个人独资企业", "《中华人民共和国个人独资企业法》；" + REG, "enterprise_application",
     "investor_proof premises_proof ?power_of_attorney", True, "district"),
    ("个人独资企业分支机构", "《中华人民共和国个人独资企业法》；" + REG, "enterprise_application",
     "business_license premises_proof ?power_of_attorney", False, "district"),
    ("外商投资企业", "《中华人民共和国外商投资法》；《中华人民共和国公司法》；" + REG, "company_application",
     "articles foreign_investor_proof legal_rep_id premises_proof ?officer_appointment", True, "city"),
    ("外商投资企业分支机构", "《中华人民共和国外商投资法》；" + REG, "company_application",
     "business_license legal_rep_id premises_proof ?power_of_attorney", False, "city"),
    ("农民专业合作社", "《中华人民共和国农民专业合作社法》；" + REG, "cooperative_application",
     "articles cooperative_members legal_rep_id premises_proof", True, "district"),
    ("农民专业合作社分支机构", "《中华人民共和国农民专业合作社法》；" + REG, "cooperative_application",
     "business_license premises_proof ?power_of_attorney", False, "district"),
]  # fmt: skip


def entity_family(kind, basis, form, founding, has_filing, level) -> Family:
    variants = [
        V("设立登记", materials=m(f"{form} {founding}"), cert="business_license"),
        V("变更登记", materials=m(f"{form} shareholder_resolution change_proof business_license ?articles_amendment"),
          cert="business_license"),
    ]  # fmt: skip
    if has_filing:
        variants.append(
            V(
                "备案",
                materials=m(f"{form} officer_appointment business_license ?articles_amendment"),
                promise=("working_days", 1),
            )
        )
    variants.append(
        V(
            "注销登记",
            materials=m(f"{form} liquidation_report shareholder_resolution business_license"),
            promise=("working_days", 1),
        )
    )
    return Family("amr", "licensing", level, kind + "{}", (), basis, statutory=3, promise=("office_hours", 4),
                  variants=variants, window=W_START)  # fmt: skip


FOOD = "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》"
DRUG = "《中华人民共和国药品管理法》第五十一条；《药品经营和使用质量监督管理办法》"
DEVICE = "《医疗器械监督管理条例》；《医疗器械经营监督管理办法》"
SPECIAL_EQUIPMENT = "《中华人民共和国特种设备安全法》；《特种设备使用管理规则》"

AMR = [entity_family(*entity) for entity in ENTITIES] + [
    Family("amr", "licensing", "district", "个体工商户{}", (), "《促进个体工商户发展条例》；" + REG,
           statutory=3, promise=("office_hours", 2), window=W_START, variants=[
               V("设立登记", materials=m("individual_business_application applicant_id premises_proof ?photo"),
                 cert="business_license"),
               V("变更登记", materials=m("individual_business_application change_proof business_license"),
                 cert="business_license"),
               V("注销登记", materials=m("individual_business_application business_license ?applicant_id"),
                 promise=("immediate", 0)),
           ]),
    Family("amr", "licensing", "district", "食品经营许可", (), FOOD, statutory=10, promise=("working_days", 5),
           variants=lifecycle(m("food_license_application business_license food_safety_rules site_layout equipment_list"),
                              lead="food_license_application", reissue=True)),
    Family("amr", "licensing", "city", "食品生产许可", (), "《中华人民共和国食品安全法》第三十五条；《食品生产许可管理办法》",
           statutory=20, promise=("working_days", 10),
           variants=lifecycle(m("food_production_application business_license site_layout process_flow food_safety_rules"),
                              lead="food_production_application")),
    Family("amr", "licensing", "district", "食品小作坊登记", (), "《河南省食品小作坊、小经营店和摊贩管理条例》",
           statutory=10, promise=("working_days", 5),
           variants=lifecycle(m("application_form applicant_id site_layout medical_exam_report"), renew=False)),
    Family("amr", "other", "district", "仅销售预包装食品备案",
           m("application_form business_license ?food_safety_rules"), FOOD, statutory=1, promise=("immediate", 0)),
    Family("amr", "licensing", "district", "药品零售企业经营许可", (), DRUG, statutory=15, promise=("working_days", 10),
           variants=lifecycle(m("drug_license_application business_license pharmacist_certificate quality_manual site_layout"),
                              lead="drug_license_application")),
    Family("amr", "licensing", "province", "药品批发企业经营许可", (), DRUG, statutory=20, promise=("working_days", 15),
           variants=lifecycle(m("drug_license_application business_license pharmacist_certificate quality_manual equipment_list"),
                              lead="drug_license_application")),
    Family("amr", "licensing", "city", "第三类医疗器械经营许可", (), DEVICE, statutory=20, promise=("working_days", 10),
           variants=lifecycle(m("device_application business_license quality_manual site_layout staff_qualifications"),
                              lead="device_application")),
    Family("amr", "other", "district", "第二类医疗器械经营备案",
           m("device_application business_license quality_manual site_layout"), DEVICE, statutory=1, promise=("immediate", 0)),
    Family("amr", "confirmation", "city", "特种设备使用登记", (), SPECIAL_EQUIPMENT, statutory=15, promise=("working_days", 5),
           window=W_ENTERPRISE, variants=[
               V("新办", materials=m("equipment_registration_form business_license product_certificate equipment_inspection")),
               V("变更", materials=m("equipment_registration_form change_proof original_permit")),
               V("注销", materials=m("equipment_registration_form original_permit ?power_of_attorney"),
                 promise=("working_days", 1)),
           ]),
    Family("amr", "licensing", "city", "特种设备作业人员资格认定", (), "《中华人民共和国特种设备安全法》；《特种设备作业人员监督管理办法》",
           statutory=20, promise=("working_days", 10), variants=[
               V("首次取证", materials=m("application_form applicant_id exam_certificate photo medical_exam_report")),
               V("复审", materials=m("application_form applicant_id original_permit ?medical_exam_report")),
           ]),
    Family("amr", "licensing", "city", "计量标准器具核准", (), "《中华人民共和国计量法》；《计量标准考核办法》",
           statutory=20, promise=("working_days", 15), variants=[
               V("新建", materials=m("application_form business_license equipment_list staff_qualifications management_rules")),
               V("复查", materials=m("application_form original_permit testing_report")),
           ]),
    Family("amr", "licensing", "province", "检验检测机构资质认定", (), "《中华人民共和国计量法》；《检验检测机构资质认定管理办法》",
           statutory=20, promise=("working_days", 15), variants=[
               V("首次", materials=m("application_form business_license quality_manual staff_qualifications equipment_list")),
               V("延续", materials=m("application_form original_permit quality_manual")),
               V("变更", materials=m("application_form original_permit change_proof")),
           ]),
    Family("amr", "licensing", "province", "工业产品生产许可证", (), "《中华人民共和国工业产品生产许可证管理条例》",
           statutory=20, promise=("working_days", 15), variants=[
               V("发证", materials=m("application_form business_license testing_report quality_manual ?commitment")),
               V("变更", materials=m("application_form original_permit change_proof")),
               V("延续", materials=m("application_form original_permit testing_report")),
           ]),
    Family("amr", "licensing", "district", "广告发布登记", m("application_form business_license staff_qualifications management_rules"),
           "《中华人民共和国广告法》第二十九条；《广告发布登记管理规定》", statutory=5, promise=("working_days", 3)),
    Family("amr", "other", "district", "股权出质{}", (), "《中华人民共和国民法典》第四百四十三条；《股权出质登记办法》",
           statutory=3, promise=("immediate", 0), window=W_ENTERPRISE, variants=[
               V("设立登记", materials=m("application_form pledge_contract business_license ?power_of_attorney")),
               V("变更登记", materials=m("application_form change_proof pledge_contract")),
               V("注销登记", materials=m("application_form business_license ?power_of_attorney")),
           ]),
    Family("amr", "other", "district", "经营异常名录移出", m("credit_repair_application business_license rectification_proof"),
           "《企业信息公示暂行条例》；《企业经营异常名录管理暂行办法》", statutory=5, promise=("working_days", 3)),
    Family("amr", "other", "district", "市场监管领域信用修复", m("credit_repair_application business_license rectification_proof commitment"),
           "《市场监督管理信用修复管理办法》", statutory=15, promise=("working_days", 5)),
    Family("amr", "public_service", "district", "企业年度报告公示", m("business_license financial_statements"),
           "《企业信息公示暂行条例》第八条", statutory=1, promise=("immediate", 0), window=W_ENTERPRISE),
    Family("amr", "inspection", "district", "{}", m("business_license ?management_rules"),
           "《中华人民共和国行政处罚法》；《市场监督管理行政处罚程序规定》", statutory=30, promise=("working_days", 20),
           online=False, variants=[
               V("食品生产经营监督检查", materials=m("business_license food_license ?food_safety_rules")),
               V("特种设备安全监督检查", materials=m("business_license equipment_inspection ?management_rules")),
               V("计量器具监督检查", materials=m("business_license testing_report")),
               V("产品质量监督抽查", materials=m("business_license product_certificate ?testing_report")),
           ]),
    Family("amr", "ruling", "city", "企业名称争议裁决", m("application_form business_license evidence ?power_of_attorney"),
           "《企业名称登记管理规定》；《企业名称登记管理规定实施办法》", statutory=90, promise=("working_days", 60), online=False),
    Family("amr", "reward", "district", "食品安全违法行为举报奖励", m("applicant_id evidence bank_account"),
           "《中华人民共和国食品安全法》第一百一十五条；《市场监管领域重大违法行为举报奖励暂行办法》",
           statutory=30, promise=("working_days", 20)),
    Family("amr", "ruling", "city", "专利侵权纠纷行政裁决", m("application_form ip_proof evidence ?power_of_attorney"),
           "《中华人民共和国专利法》第六十五条；《专利侵权纠纷行政裁决办案指南》", statutory=90, promise=("working_days", 60),
           online=False),
]  # fmt: skip

COMMERCE = [
    Family("commerce", "other", "district", "单用途商业预付卡发卡企业备案", m("application_form business_license management_rules fund_custody_agreement"),
           "《单用途商业预付卡管理办法（试行）》", statutory=5, promise=("working_days", 3), window=W_ENTERPRISE),
    Family("commerce", "licensing", "province", "报废机动车回收拆解企业资质认定",
           m("application_form business_license site_layout equipment_list eia_report ?staff_qualifications"),
           "《报废机动车回收管理办法》；《报废机动车回收管理办法实施细则》", statutory=20, promise=("working_days", 15)),
    Family("commerce", "licensing", "city", "拍卖企业经营许可", (), "《中华人民共和国拍卖法》；《拍卖管理办法》",
           statutory=20, promise=("working_days", 15), variants=[
               V("设立", materials=m("application_form business_license articles staff_qualifications premises_proof")),
               V("变更", materials=m("application_form original_permit change_proof")),
           ]),
    Family("commerce", "other", "district", "再生资源回收经营者备案", m("application_form business_license premises_proof"),
           "《再生资源回收管理办法》", statutory=5, promise=("working_days", 1)),
    Family("commerce", "other", "district", "二手车交易市场经营者备案", m("application_form business_license site_layout management_rules"),
           "《二手车流通管理办法》", statutory=5, promise=("working_days", 1)),
    Family("commerce", "other", "district", "外商投资信息报告（{}）", (), "《中华人民共和国外商投资法》第三十四条；《外商投资信息报告办法》",
           statutory=1, promise=("immediate", 0), window=W_START, variants=[
               V("初始报告", materials=m("application_form business_license foreign_investor_proof")),
               V("变更报告", materials=m("application_form business_license change_proof")),
           ]),
    Family("commerce", "licensing", "province", "对外劳务合作经营资格核准",
           m("application_form business_license financial_statements management_rules staff_qualifications"),
           "《对外劳务合作管理条例》", statutory=20, promise=("working_days", 15)),
    Family("commerce", "other", "province", "企业境外投资备案", m("application_form business_license investor_proof financial_statements"),
           "《境外投资管理办法》", statutory=3, promise=("working_days", 3)),
    Family("commerce", "other", "city", "技术进出口合同登记", m("application_form business_license tech_contract"),
           "《中华人民共和国技术进出口管理条例》；《技术进出口合同登记管理办法》", statutory=3, promise=("working_days", 3)),
    Family("commerce", "other", "province", "商业特许经营备案", m("application_form business_license contract management_rules"),
           "《商业特许经营管理条例》；《商业特许经营备案管理办法》", statutory=10, promise=("working_days", 5)),
    Family("commerce", "licensing", "city", "成品油零售经营许可", (), "《国务院关于取消和下放一批行政许可事项的决定》（国发〔2020〕13号）",
           statutory=20, promise=("working_days", 15),
           variants=lifecycle(m("application_form business_license site_layout fire_safety_proof safety_assessment"), renew=False)),
    Family("commerce", "payment", "district", "家电以旧换新补贴申领", m("subsidy_application applicant_id commercial_invoice bank_account"),
           "《推动大规模设备更新和消费品以旧换新行动方案》", statutory=15, promise=("working_days", 10)),
    Family("commerce", "reward", "district", "限额以上商贸企业入库奖励", m("subsidy_application business_license financial_statements"),
           "《国务院办公厅关于加快发展流通促进商业消费的意见》", statutory=30, promise=("working_days", 20)),
]  # fmt: skip

CUSTOMS = "《中华人民共和国海关法》"

CUSTOMS_FAMILIES = [
    Family("customs", "other", "city", "报关单位备案", (), CUSTOMS + "；《中华人民共和国海关报关单位备案管理规定》",
           statutory=1, promise=("immediate", 0), window=W_START, variants=[
               V("新办", materials=m("customs_registration_form business_license legal_rep_id")),
               V("变更", materials=m("customs_registration_form business_license change_proof")),
               V("注销", materials=m("customs_registration_form business_license")),
           ]),
    Family("customs", "confirmation", "province", "海关高级认证企业认证", m("application_form business_license management_rules financial_statements"),
           CUSTOMS + "；《中华人民共和国海关注册登记和备案企业信用管理办法》", statutory=90, promise=("working_days", 60),
           online=False),
    Family("customs", "other", "city", "出口食品生产企业备案", m("application_form business_license food_safety_rules process_flow"),
           "《中华人民共和国食品安全法》；《中华人民共和国进出口食品安全管理办法》", statutory=5, promise=("working_days", 5)),
    Family("customs", "licensing", "province", "进境动植物及其产品检疫审批", m("application_form business_license contract"),
           "《中华人民共和国进出境动植物检疫法》；《进境动植物检疫审批管理办法》", statutory=20, promise=("working_days", 15)),
    Family("customs", "licensing", "province", "出入境特殊物品卫生检疫审批", m("application_form business_license testing_report ?contract"),
           "《中华人民共和国国境卫生检疫法》；《出入境特殊物品卫生检疫管理规定》", statutory=20, promise=("working_days", 15)),
    Family("customs", "public_service", "city", "{}签发", (), "《中华人民共和国进出口货物原产地条例》",
           statutory=2, promise=("working_days", 1), variants=[
               V("一般原产地证书", materials=m("application_form commercial_invoice")),
               V("优惠贸易协定原产地证书", materials=m("application_form commercial_invoice ?process_flow")),
           ]),
    Family("customs", "inspection", "city", "{}检验", (), "《中华人民共和国进出口商品检验法》",
           statutory=20, promise=("working_days", 10), online=False, variants=[
               V("进口商品", materials=m("application_form contract commercial_invoice")),
               V("出口商品", materials=m("application_form contract commercial_invoice ?testing_report")),
           ]),
    Family("customs", "licensing", "province", "保税仓库设立审批", m("application_form business_license site_layout management_rules"),
           CUSTOMS + "；《中华人民共和国海关对保税仓库及所存货物的管理规定》", statutory=20, promise=("working_days", 20)),
    Family("customs", "licensing", "province", "出口监管仓库设立审批", m("application_form business_license site_layout management_rules"),
           CUSTOMS + "；《中华人民共和国海关对出口监管仓库及所存货物的管理办法》", statutory=20, promise=("working_days", 20)),
    Family("customs", "other", "city", "加工贸易手册设立", m("application_form business_license contract process_flow"),
           CUSTOMS + "；《中华人民共和国海关加工贸易货物监管办法》", statutory=5, promise=("working_days", 3)),
    Family("customs", "confirmation", "city", "进出口货物减免税审核确认", m("application_form business_license contract commercial_invoice"),
           CUSTOMS + "；《中华人民共和国海关进出口货物减免税管理办法》", statutory=10, promise=("working_days", 10)),
]  # fmt: skip

FAMILIES = AMR + COMMERCE + CUSTOMS_FAMILIES
