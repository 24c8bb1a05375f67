"""What people call the items, their English names, and whom each item serves: the search and browse columns of
items.csv (service_object, keywords, name_en).

Keywords are the words people type for an item that its official name does not hold (开公司 for 企业设立登记, 刻章
for 公章刻制备案); English names are given to the items applied for most. An administrator edits both in the admin.
"""

# Papers that only a company (or another organisation) has, and papers that only a person has: an item that asks
# for the first serves companies (法人办事), for the second persons (个人办事), for both or for a property either.
COMPANY_PAPERS = frozenset(
    "business_license legal_rep_id company_application enterprise_application articles articles_amendment "
    "shareholder_resolution officer_appointment shareholder_proof investor_proof partnership_agreement "
    "cooperative_application cooperative_members foreign_investor_proof employee_roster financial_statements "
    "social_insurance_form social_insurance_cancel_form hpf_registration_form project_filing qualification_certificate "
    "performance_records tax_info_form general_taxpayer_form registered_capital_proof school_charter founders_list "
    "customs_registration_form".split()
)
PERSON_PAPERS = frozenset(
    "applicant_id household_register marriage_certificate photo birth_medical_certificate death_certificate "
    "relation_proof driving_license passport diploma discharge_certificate disability_certificate medical_record "
    "medical_invoices family_income_declaration retirement_certificate single_statement social_security_card "
    "bank_account teacher_exam_certificate mandarin_certificate skill_certificate residence_proof martyr_certificate "
    "disabled_soldier_certificate divorce_docs inheritance_proof adoption_certificate migration_permit "
    "release_certificate subsistence_certificate income_proof hpf_loan_application".split()
)
EITHER_PAPERS = frozenset("re_application property_certificate vehicle_certificate".split())


def service_object(materials: str) -> str:
    codes = {code.lstrip("?") for code in materials.split(";")}
    company, person = bool(codes & COMPANY_PAPERS), bool(codes & PERSON_PAPERS)
    if (company and person) or codes & EITHER_PAPERS:
        return "both"
    return "person" if person else "company"


# Item name → (keywords, English name).
TERMS = {
    "企业设立登记": ("开公司 公司登记 营业执照 注册公司 公司注册 工商注册 办执照", "Company Registration"),
    "公章刻制备案": ("刻章 刻公章 公章 印章 刻制印章", "Company Seal Engraving Filing"),
    "新办纳税人涉税事项确认": ("税务登记 税务报到 新办纳税人 办税", "Tax Registration of a New Taxpayer"),
    "社会保险单位参保登记": ("社保开户 单位社保 社保登记 社保", "Employer Social Insurance Registration"),
    "住房公积金单位缴存登记": ("公积金开户 单位公积金 公积金", "Employer Housing Provident Fund Registration"),
    "企业简易注销公告": ("简易注销 注销公告 注销", "Public Notice of Simplified Deregistration"),
    "企业简易注销登记": ("注销 简易注销 注销公司 公司注销", "Simplified Deregistration of a Company"),
    "清税注销": ("税务注销 清税 注销", "Tax Clearance for Deregistration"),
    "社会保险注销登记": ("社保注销 注销", "Social Insurance Deregistration"),
    "住房公积金提取（购买自住住房）": (
        "公积金提取 购房提取 提公积金 取公积金",
        "Housing Provident Fund Withdrawal (Home Purchase)",
    ),
    "住房公积金提取（租赁住房）": ("公积金提取 租房提取 提公积金", "Housing Provident Fund Withdrawal (Renting)"),
    "住房公积金提取（离休、退休）": ("公积金提取 退休提取 提公积金", "Housing Provident Fund Withdrawal (Retirement)"),
    "住房公积金提取（偿还商业性住房贷款）": (
        "公积金提取 还贷提取 提公积金",
        "Housing Provident Fund Withdrawal (Repaying a Bank Mortgage)",
    ),
    "住房公积金个人账户设立": ("公积金开户 个人公积金", "Personal Housing Provident Fund Account"),
    "住房公积金个人住房贷款（新建商品住房）": ("公积金贷款 买房贷款", "Housing Provident Fund Loan (New Home)"),
    "住房公积金缴存证明开具": ("公积金证明 缴存证明", "Housing Provident Fund Contribution Certificate"),
    "有限责任公司设立登记": ("开公司 公司登记 营业执照 注册公司", "Limited Liability Company Registration"),
    "有限责任公司变更登记": ("公司变更 营业执照变更 变更法人 公司登记", "Limited Liability Company Change"),
    "有限责任公司注销登记": ("注销 注销公司 公司注销 公司登记", "Limited Liability Company Deregistration"),
    "个体工商户设立登记": ("个体户 办执照 营业执照", "Sole Trader Registration"),
    "个体工商户注销登记": ("注销 个体户注销", "Sole Trader Deregistration"),
    "企业年度报告公示": ("年报 企业年报", "Company Annual Report"),
    "食品经营许可（新办）": ("食品许可证 开饭店 餐饮许可", "Food Business Licence (New)"),
    "居民身份证申领": ("办身份证 身份证", "Resident ID Card Application"),
    "居民身份证换领": ("换身份证 身份证到期 身份证", "Resident ID Card Renewal"),
    "居民身份证补领": ("身份证丢了 补办身份证 身份证", "Resident ID Card Replacement"),
    "出生登记": ("上户口 新生儿落户 报户口", "Birth Registration"),
    "户口迁出": ("迁户口 户口", "Moving Household Registration Out"),
    "居住证申领": ("居住证", "Residence Permit Application"),
    "普通护照签发": ("办护照 出国", "Passport Application"),
    "机动车驾驶证换领（有效期满）": ("换驾照 驾照到期", "Driving Licence Renewal"),
    "无犯罪记录证明开具": ("无犯罪证明", "Certificate of No Criminal Record"),
    "职工参保登记": ("社保 员工社保 社保增员", "Employee Social Insurance Enrolment"),
    "灵活就业人员参保登记": ("社保 个人交社保 自由职业社保", "Social Insurance for the Self-employed"),
    "社会保障卡申领": ("社保卡 办社保卡 社保", "Social Security Card Application"),
    "个人社会保险权益记录查询打印": ("社保查询 社保缴费证明 打印社保 社保", "Social Insurance Record Printout"),
    "企业职工基本养老保险关系转移接续": ("社保转移 养老保险转移 社保", "Pension Insurance Transfer"),
    "职工正常退休（职）申请": ("退休 办退休", "Retirement Application"),
    "失业保险金申领": ("失业金 领失业金", "Unemployment Benefit Claim"),
    "国有建设用地使用权及房屋所有权转移登记（买卖）": (
        "过户 房产过户 买房过户 二手房过户",
        "Property Transfer Registration (Sale)",
    ),
    "抵押权首次登记（一般抵押）": ("房屋抵押 抵押登记", "Mortgage Registration"),
    "抵押权注销登记": ("解押 抵押注销", "Mortgage Discharge"),
    "不动产权证书补发": ("房产证丢了 补办房产证", "Property Certificate Replacement"),
    "不动产登记资料查询": ("查房产 房产查询 查档", "Real Estate Register Search"),
    "预购商品房预告登记": ("预告登记 买新房", "Advance Registration of a Pre-sold Home"),
    "内地居民结婚登记": ("结婚 领结婚证 结婚证", "Marriage Registration"),
    "内地居民离婚登记": ("离婚", "Divorce Registration"),
    "建筑工程施工许可证核发（新办）": ("施工许可证 开工", "Construction Permit (New)"),
    "工程建设项目联合竣工验收": ("竣工验收 联合验收", "Joint Completion Acceptance"),
    "城乡居民基本医疗保险参保登记": ("医保 居民医保 交医保", "Residents' Medical Insurance Enrolment"),
    "异地就医备案（异地长期居住）": ("异地就医 医保备案", "Medical Treatment Elsewhere (Long-term Residence)"),
    "新生儿参保登记": ("新生儿医保 宝宝医保 医保", "Newborn Medical Insurance Enrolment"),
    "增值税纳税申报": ("报税 纳税申报 增值税", "VAT Return"),
    "个人所得税综合所得汇算清缴纳税申报": ("个税 退税 个税汇算", "Individual Income Tax Annual Return"),
    "发票领用": ("领发票 发票", "Invoice Collection"),
    "增值税一般纳税人登记": ("一般纳税人", "General VAT Taxpayer Registration"),
    "商品房买卖合同网签备案": ("网签 购房合同备案", "Online Filing of a Home Purchase Contract"),
    "房屋租赁登记备案": ("租房备案 房屋租赁", "Residential Lease Registration"),
    "公共租赁住房保障资格审核": ("公租房 申请公租房", "Public Rental Housing Eligibility"),
    "最低生活保障审核确认": ("低保 申请低保", "Minimum Living Allowance"),
    "惠企政策兑现申请": ("惠企政策 政策兑现 补贴", "Business Support Policy Redemption"),
    "重大投资项目全程帮办代办": ("帮办代办 项目代办", "Full Assistance for Major Investment Projects"),
}
