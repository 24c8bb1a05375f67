# ruff: noqa: E501 -- data tables, one family per entry, kept compact on purpose (and out of the formatter: fmt: skip)
"""Item families of transport (交通运输), agriculture (农业农村), culture and tourism (文化广电和旅游), science and
technology (科技) and the administrative approval bureau's own items (行政审批服务局: water, civil air defence,
meteorology, and the service centre itself)."""

from items_common import W_BUILD, W_ENTERPRISE, W_GENERAL, Family, V, lifecycle, m

ROAD_TRANSPORT = "《中华人民共和国道路运输条例》"
PASSENGER = ROAD_TRANSPORT + "；《道路旅客运输及客运站管理规定》"
FREIGHT = ROAD_TRANSPORT + "；《道路货物运输及站场管理规定》"
DANGEROUS = ROAD_TRANSPORT + "；《道路危险货物运输管理规定》"
TAXI = "《巡游出租汽车经营服务管理规定》"
RIDE_HAILING = "《网络预约出租汽车经营服务管理暂行办法》"
HIGHWAY = "《中华人民共和国公路法》；《公路安全保护条例》"

TRANSPORT = [
    Family("transport", "licensing", "city", "道路旅客运输经营许可", (), PASSENGER, statutory=20, promise=("working_days", 10),
           variants=lifecycle(m("application_form business_license vehicle_license staff_qualifications management_rules"))),
    Family("transport", "licensing", "district", "道路货物运输经营许可", (), FREIGHT, statutory=20, promise=("working_days", 5),
           variants=lifecycle(m("application_form business_license vehicle_license staff_qualifications"), renew=False)),
    Family("transport", "licensing", "city", "道路危险货物运输许可", (), DANGEROUS, statutory=20, promise=("working_days", 15),
           variants=lifecycle(m("application_form business_license vehicle_license staff_qualifications emergency_plan"))),
    Family("transport", "licensing", "city", "{}", (), PASSENGER, statutory=20, promise=("working_days", 15), variants=[
        V("道路旅客运输班线经营许可", materials=m("application_form original_permit vehicle_license management_rules")),
        V("道路旅客运输站经营许可", materials=m("application_form business_license site_layout management_rules")),
        V("客运包车标志牌核发", materials=m("application_form contract vehicle_license"), statutory=5,
          promise=("immediate", 0)),
    ]),
    Family("transport", "licensing", "province", "国际道路运输经营许可", m("application_form original_permit vehicle_license staff_qualifications"),
           ROAD_TRANSPORT + "；《国际道路运输管理规定》", statutory=20, promise=("working_days", 20)),
    Family("transport", "other", "district", "{}", (), ROAD_TRANSPORT, statutory=5, promise=("immediate", 0), variants=[
        V("机动车维修经营备案", materials=m("application_form business_license site_layout equipment_list"),
          basis=ROAD_TRANSPORT + "；《机动车维修管理规定》"),
        V("机动车驾驶员培训经营备案", materials=m("application_form business_license site_layout staff_qualifications"),
          basis=ROAD_TRANSPORT + "；《机动车驾驶员培训管理规定》"),
        V("小微型客车租赁经营备案", materials=m("application_form business_license vehicle_license ?management_rules"),
          basis="《小微型客车租赁经营服务管理办法》"),
    ]),
    Family("transport", "licensing", "city", "道路运输证{}", (), ROAD_TRANSPORT, statutory=10, promise=("immediate", 0),
           variants=[
               V("配发", materials=m("application_form vehicle_license testing_report original_permit")),
               V("换发", materials=m("application_form vehicle_license testing_report")),
               V("补发", materials=m("application_form vehicle_license loss_statement")),
               V("注销", materials=m("application_form vehicle_license ?vehicle_certificate")),
           ]),
    Family("transport", "confirmation", "city", "{}从业资格证核发", (), ROAD_TRANSPORT + "；《道路运输从业人员管理规定》",
           statutory=10, promise=("working_days", 5), variants=[
               V("经营性道路客货运输驾驶员", materials=m("application_form applicant_id driving_license exam_certificate")),
               V("道路危险货物运输从业人员", materials=m("application_form applicant_id exam_certificate ?driving_license")),
               V("巡游出租汽车驾驶员", materials=m("application_form applicant_id driving_license no_criminal_record"),
                 basis=TAXI + "；《出租汽车驾驶员从业资格管理规定》"),
               V("网络预约出租汽车驾驶员", materials=m("application_form applicant_id driving_license no_criminal_record"),
                 basis=RIDE_HAILING + "；《出租汽车驾驶员从业资格管理规定》"),
           ]),
    Family("transport", "public_service", "city", "道路运输从业资格证换发补发", m("application_form applicant_id ?loss_statement"),
           "《道路运输从业人员管理规定》", statutory=10, promise=("immediate", 0)),
    Family("transport", "licensing", "city", "{}", (), TAXI, statutory=20, promise=("working_days", 10), variants=[
        V("巡游出租汽车经营许可", materials=m("application_form business_license management_rules staff_qualifications")),
        V("巡游出租汽车车辆经营权延续", materials=m("application_form original_permit vehicle_license")),
        V("网络预约出租汽车经营许可", materials=m("application_form business_license management_rules commitment"),
          basis=RIDE_HAILING),
        V("网络预约出租汽车运输证核发", materials=m("application_form vehicle_license vehicle_insurance"),
          basis=RIDE_HAILING, promise=("working_days", 5)),
        V("城市公共汽电车线路运营权许可", materials=m("application_form business_license management_rules equipment_list"),
          basis="《城市公共汽车和电车客运管理规定》"),
    ]),
    Family("transport", "licensing", "city", "公路超限运输许可（{}）", (), HIGHWAY + "；《超限运输车辆行驶公路管理规定》",
           statutory=15, promise=("working_days", 5), variants=[
               V("省内", materials=m("application_form vehicle_license driving_license transport_plan")),
               V("跨省", materials=m("application_form vehicle_license driving_license transport_plan safety_assessment"),
                 level="province", promise=("working_days", 10)),
           ]),
    Family("transport", "licensing", "city", "{}", (), HIGHWAY, statutory=20, promise=("working_days", 10), variants=[
        V("在公路用地范围内设置非公路标志审批", materials=m("application_form design_drawings premises_proof")),
        V("占用、挖掘公路、公路用地或者使公路改线审批", materials=m("application_form works_plan design_drawings safety_assessment")),
        V("跨越、穿越公路修建桥梁、渡槽或者架设、埋设管道、电缆等设施审批",
          materials=m("application_form design_drawings safety_assessment works_plan")),
        V("在公路建筑控制区内埋设管道、电缆等设施审批", materials=m("application_form design_drawings works_plan")),
        V("更新砍伐公路用地上的树木审批", materials=m("application_form greening_plan")),
        V("设置道路平面交叉道口审批", materials=m("application_form design_drawings red_line_map")),
    ]),
    Family("transport", "licensing", "city", "{}", (), "《中华人民共和国公路法》；《公路建设市场管理办法》", statutory=20,
           promise=("working_days", 15), window=W_BUILD, variants=[
               V("公路建设项目施工许可", materials=m("application_form preliminary_design construction_contract quality_safety_measures")),
               V("公路建设项目竣工验收", materials=m("application_form completion_report testing_report"),
                 item_type="confirmation", basis="《公路工程竣（交）工验收办法》"),
               V("公路工程质量监督手续办理", materials=m("application_form construction_contract quality_safety_measures"),
                 item_type="other", basis="《公路水运工程质量监督管理规定》", promise=("working_days", 5)),
           ]),
    Family("transport", "other", "city", "道路运输企业质量信誉考核", m("application_form original_permit management_rules"),
           ROAD_TRANSPORT, statutory=30, promise=("working_days", 20)),
    Family("transport", "inspection", "district", "交通运输综合执法检查", m("original_permit vehicle_license ?management_rules"),
           ROAD_TRANSPORT + "；《交通运输行政执法程序规定》", statutory=30, promise=("working_days", 15), online=False),
]  # fmt: skip

SEED = "《中华人民共和国种子法》；《农作物种子生产经营许可管理办法》"
VET = "《中华人民共和国动物防疫法》"
FARM_MACHINE = "《中华人民共和国道路交通安全法》；《农业机械安全监督管理条例》"

AGRI = [
    Family("agri", "licensing", "city", "农药经营许可", (), "《农药管理条例》；《农药经营许可管理办法》", statutory=20,
           promise=("working_days", 15),
           variants=lifecycle(m("application_form business_license staff_qualifications site_layout management_rules"),
                              cancel=False)),
    Family("agri", "licensing", "district", "兽药经营许可", (), "《兽药管理条例》；《兽药经营质量管理规范》", statutory=30,
           promise=("working_days", 15),
           variants=lifecycle(m("application_form business_license staff_qualifications site_layout quality_manual"),
                              cancel=False)),
    Family("agri", "licensing", "province", "兽药生产许可", (), "《兽药管理条例》", statutory=40, promise=("working_days", 30),
           variants=lifecycle(m("application_form business_license quality_manual equipment_list process_flow"),
                              renew=False, cancel=False)),
    Family("agri", "licensing", "province", "饲料和饲料添加剂生产许可", (), "《饲料和饲料添加剂管理条例》",
           statutory=20, promise=("working_days", 15),
           variants=lifecycle(m("application_form business_license equipment_list process_flow quality_manual"),
                              renew=False, cancel=False)),
    Family("agri", "licensing", "district", "农作物种子生产经营许可（{}）", (), SEED, statutory=20, promise=("working_days", 10),
           variants=[
               V("主要农作物常规种子", materials=m("application_form business_license equipment_list staff_qualifications")),
               V("非主要农作物种子", materials=m("application_form business_license equipment_list")),
               V("主要农作物杂交种子", materials=m("application_form business_license equipment_list staff_qualifications testing_report"),
                 level="province"),
           ]),
    Family("agri", "other", "district", "农作物种子销售备案", m("application_form business_license contract"), SEED,
           statutory=5, promise=("immediate", 0)),
    Family("agri", "licensing", "district", "动物防疫条件合格证核发（{}）", (), VET + "第二十五条；《动物防疫条件审查办法》",
           statutory=20, promise=("working_days", 10), variants=[
               V("新办", materials=m("application_form site_layout management_rules staff_qualifications")),
               V("变更", materials=m("application_form original_permit change_proof")),
           ]),
    Family("agri", "licensing", "district", "动物诊疗许可", (), VET + "第六十一条；《动物诊疗机构管理办法》",
           statutory=20, promise=("working_days", 10),
           variants=lifecycle(m("application_form vet_qualification site_layout equipment_list"), renew=False)),
    Family("agri", "other", "district", "{}", (), VET + "；《执业兽医和乡村兽医管理办法》", statutory=5, promise=("immediate", 0),
           variants=[
               V("执业兽医备案", materials=m("application_form vet_qualification labor_contract")),
               V("乡村兽医登记", materials=m("application_form applicant_id ?exam_certificate"), item_type="confirmation"),
           ]),
    Family("agri", "licensing", "district", "动物及动物产品检疫合格证明核发（{}）", (), VET + "；《动物检疫管理办法》",
           statutory=1, promise=("immediate", 0), online=False, variants=[
               V("产地检疫", materials=m("application_form ?original_permit testing_report")),
               V("屠宰检疫", materials=m("application_form original_permit ?testing_report")),
           ]),
    Family("agri", "licensing", "district", "{}", (), "《乳品质量安全监督管理条例》", statutory=20, promise=("working_days", 10),
           variants=[
               V("生鲜乳收购站许可", materials=m("application_form business_license site_layout equipment_list")),
               V("生鲜乳准运证明核发", materials=m("application_form vehicle_license medical_exam_report")),
           ]),
    Family("agri", "licensing", "district", "种畜禽生产经营许可", m("application_form business_license site_layout staff_qualifications"),
           "《中华人民共和国畜牧法》；《种畜禽生产经营许可管理办法》", statutory=20, promise=("working_days", 10)),
    Family("agri", "licensing", "district", "{}", (), "《中华人民共和国渔业法》", statutory=20, promise=("working_days", 10),
           variants=[
               V("水产苗种生产经营许可", materials=m("application_form business_license site_layout staff_qualifications"),
                 basis="《中华人民共和国渔业法》；《水产苗种管理办法》"),
               V("渔业捕捞许可", materials=m("application_form applicant_id vehicle_certificate")),
           ]),
    Family("agri", "confirmation", "district", "拖拉机和联合收割机{}", (), FARM_MACHINE + "；《拖拉机和联合收割机登记规定》",
           statutory=2, promise=("immediate", 0), variants=[
               V("注册登记", materials=m("applicant_id commercial_invoice product_certificate vehicle_insurance")),
               V("转移登记", materials=m("applicant_id vehicle_certificate contract")),
               V("注销登记", materials=m("applicant_id vehicle_certificate")),
           ]),
    Family("agri", "licensing", "district", "拖拉机和联合收割机驾驶证{}", (), FARM_MACHINE + "；《拖拉机和联合收割机驾驶证管理规定》",
           statutory=5, promise=("working_days", 1), variants=[
               V("申领", materials=m("applicant_id photo medical_exam_report exam_certificate")),
               V("换证", materials=m("applicant_id driving_license medical_exam_report"), promise=("immediate", 0)),
           ]),
    Family("agri", "licensing", "district", "农村村民宅基地审批", m("homestead_application applicant_id household_register ?owners_resolution"),
           "《中华人民共和国土地管理法》第六十二条；《中华人民共和国土地管理法实施条例》", statutory=20, promise=("working_days", 15)),
    Family("agri", "other", "district", "土地经营权流转合同备案", m("land_transfer_contract applicant_id ?ownership_evidence"),
           "《中华人民共和国农村土地承包法》；《农村土地经营权流转管理办法》", statutory=5, promise=("working_days", 3)),
    Family("agri", "confirmation", "district", "家庭农场名录录入", m("application_form applicant_id land_transfer_contract"),
           "《关于实施家庭农场培育计划的指导意见》", statutory=10, promise=("working_days", 5)),
    Family("agri", "licensing", "district", "农业植物检疫证书核发", m("application_form contract testing_report"),
           "《植物检疫条例》；《植物检疫条例实施细则（农业部分）》", statutory=20, promise=("working_days", 3)),
    Family("agri", "payment", "district", "{}", (), "《中华人民共和国农业法》", statutory=30, promise=("working_days", 20),
           variants=[
               V("耕地地力保护补贴发放", materials=m("applicant_id land_transfer_contract bank_account")),
               V("农机购置与应用补贴", materials=m("subsidy_application applicant_id commercial_invoice bank_account"),
                 basis="《中华人民共和国农业机械化促进法》"),
           ]),
    Family("agri", "inspection", "district", "农产品质量安全监督检查", m("business_license testing_report ?management_rules"),
           "《中华人民共和国农产品质量安全法》", statutory=30, promise=("working_days", 15), online=False),
]  # fmt: skip

SHOWS = "《营业性演出管理条例》"
TRAVEL = "《中华人民共和国旅游法》；《旅行社条例》"
PUBLISH = "《出版管理条例》；《出版物市场管理规定》"
PRINT = "《印刷业管理条例》"
RELICS = "《中华人民共和国文物保护法》"
BROADCAST = "《广播电视管理条例》"

CULTURE = [
    Family("culture", "licensing", "district", "{}", (), SHOWS, statutory=20, promise=("working_days", 5), variants=[
        V("营业性演出审批", materials=m("application_form programme_docs event_security_plan contract")),
        V("文艺表演团体设立审批", materials=m("application_form business_license staff_qualifications ?programme_docs")),
        V("演出经纪机构营业性演出经营许可", materials=m("application_form business_license staff_qualifications"),
          level="province"),
    ]),
    Family("culture", "licensing", "district", "娱乐场所经营活动审批", (), "《娱乐场所管理条例》", statutory=20,
           promise=("working_days", 10),
           variants=lifecycle(m("application_form business_license site_layout fire_safety_proof"), new="新办")),
    Family("culture", "licensing", "district", "互联网上网服务营业场所经营单位{}", (), "《互联网上网服务营业场所管理条例》",
           statutory=20, promise=("working_days", 10), variants=[
               V("设立审批", materials=m("application_form business_license site_layout fire_safety_proof security_rules")),
               V("变更", materials=m("application_form original_permit change_proof")),
               V("注销", materials=m("application_form original_permit"), promise=("working_days", 3)),
           ]),
    Family("culture", "licensing", "city", "{}", (), TRAVEL, statutory=20, promise=("working_days", 15), variants=[
        V("旅行社设立许可", materials=m("application_form business_license premises_proof staff_qualifications")),
        V("旅行社经营出境旅游业务许可", materials=m("application_form original_permit financial_statements"), level="province"),
        V("旅行社变更备案", materials=m("application_form original_permit change_proof"), item_type="other",
          level="district", promise=("working_days", 3)),
        V("旅行社分社设立备案", materials=m("application_form original_permit business_license"), item_type="other",
          level="district", promise=("working_days", 3)),
        V("旅行社服务网点设立备案", materials=m("application_form original_permit premises_proof"), item_type="other",
          level="district", promise=("working_days", 3)),
    ]),
    Family("culture", "licensing", "province", "导游证核发", m("application_form applicant_id exam_certificate labor_contract"),
           TRAVEL + "；《导游管理办法》", statutory=10, promise=("working_days", 10)),
    Family("culture", "licensing", "district", "出版物零售单位{}", (), PUBLISH, statutory=20, promise=("working_days", 10), variants=[
        V("设立审批", materials=m("application_form business_license premises_proof")),
        V("变更审批", materials=m("application_form original_permit change_proof")),
    ]),
    Family("culture", "licensing", "province", "出版物批发单位设立审批", m("application_form business_license premises_proof staff_qualifications"),
           PUBLISH, statutory=20, promise=("working_days", 20)),
    Family("culture", "licensing", "district", "{}经营许可", (), PRINT, statutory=60, promise=("working_days", 20), variants=[
        V("从事包装装潢印刷品印刷", materials=m("application_form business_license equipment_list management_rules")),
        V("从事其他印刷品印刷", materials=m("application_form business_license equipment_list")),
        V("从事出版物印刷", materials=m("application_form business_license equipment_list management_rules staff_qualifications"),
          level="province"),
    ]),
    Family("culture", "licensing", "province", "{}", (), RELICS, statutory=20, promise=("working_days", 20), window=W_BUILD,
           variants=[
               V("文物保护单位保护范围内其他建设工程或者爆破、钻探、挖掘等作业审批",
                 materials=m("application_form design_drawings works_plan red_line_map")),
               V("建设工程文物考古调查、勘探", materials=m("application_form red_line_map project_filing"),
                 item_type="public_service"),
           ]),
    Family("culture", "licensing", "province", "{}", (), BROADCAST, statutory=20, promise=("working_days", 20), variants=[
        V("卫星电视广播地面接收设施安装服务许可", materials=m("application_form business_license staff_qualifications equipment_list"),
          basis="《卫星电视广播地面接收设施管理规定》"),
        V("广播电视节目制作经营许可", materials=m("application_form business_license staff_qualifications"),
          basis=BROADCAST + "；《广播电视节目制作经营管理规定》"),
    ]),
    Family("culture", "confirmation", "city", "{}", (), "《中华人民共和国旅游法》", statutory=60, promise=("working_days", 45),
           variants=[
               V("A级旅游景区评定（3A级及以下）", materials=m("application_form business_license site_layout management_rules"),
                 basis="《旅游景区质量等级管理办法》"),
               V("星级饭店评定（三星级及以下）", materials=m("application_form business_license site_layout management_rules"),
                 basis="《旅游饭店星级的划分与评定》"),
           ]),
    Family("culture", "reward", "district", "区级非物质文化遗产代表性传承人认定", m("application_form applicant_id performance_records"),
           "《中华人民共和国非物质文化遗产法》第二十九条", statutory=60, promise=("working_days", 45)),
    Family("culture", "public_service", "district", "公共图书馆读者证办理", m("applicant_id ?photo"),
           "《中华人民共和国公共图书馆法》", statutory=1, promise=("immediate", 0)),
    Family("culture", "inspection", "district", "文化市场综合执法检查", m("original_permit business_license ?management_rules"),
           "《文化市场综合行政执法管理办法》", statutory=30, promise=("working_days", 15), online=False),
]  # fmt: skip

HIGH_TECH = "《中华人民共和国科学技术进步法》"
FOREIGN_WORK = "《中华人民共和国出境入境管理法》第四十一条；《外国人在中国就业管理规定》"

SCI = [
    Family("sci", "confirmation", "province", "{}", (), HIGH_TECH, statutory=60, promise=("working_days", 45), variants=[
        V("高新技术企业认定", materials=m("application_form business_license ip_proof rd_audit financial_statements"),
          basis="《高新技术企业认定管理办法》"),
        V("高新技术企业更名审核", materials=m("application_form business_license change_proof"),
          basis="《高新技术企业认定管理办法》", promise=("working_days", 20)),
        V("科技型中小企业评价", materials=m("application_form business_license financial_statements ?ip_proof"),
          basis="《科技型中小企业评价办法》", promise=("working_days", 20)),
        V("技术先进型服务企业认定", materials=m("application_form business_license financial_statements contract"),
          basis="《关于将技术先进型服务企业所得税政策推广至全国实施的通知》"),
        V("科技企业孵化器认定", materials=m("application_form business_license site_layout management_rules"),
          basis="《科技企业孵化器管理办法》"),
        V("众创空间备案", materials=m("application_form business_license site_layout"), item_type="other",
          basis="《众创空间发展服务指引》"),
        V("省级工程技术研究中心认定", materials=m("application_form business_license performance_records staff_qualifications"),
          basis=HIGH_TECH),
        V("新型研发机构备案", materials=m("application_form business_license performance_records"), item_type="other",
          basis="《关于促进新型研发机构发展的指导意见》"),
    ]),
    Family("sci", "other", "district", "技术合同认定登记", m("application_form tech_contract business_license"),
           "《技术合同认定登记管理办法》", statutory=5, promise=("working_days", 3)),
    Family("sci", "licensing", "province", "外国人来华工作许可（{}）", (), FOREIGN_WORK, statutory=10, promise=("working_days", 5),
           window=W_ENTERPRISE, variants=[
               V("A类新办", materials=m("application_form passport labor_contract diploma no_criminal_record work_experience_proof")),
               V("B类新办", materials=m("application_form passport labor_contract diploma no_criminal_record work_experience_proof")),
               V("延期", materials=m("application_form passport labor_contract original_permit")),
               V("变更", materials=m("application_form passport original_permit change_proof")),
               V("注销", materials=m("application_form passport original_permit"), promise=("working_days", 1)),
           ]),
    Family("sci", "other", "district", "科技成果登记", m("application_form business_license ?tech_contract ?ip_proof"),
           "《中华人民共和国促进科技成果转化法》；《科技成果登记办法》", statutory=5, promise=("working_days", 3)),
    Family("sci", "payment", "district", "{}", (), HIGH_TECH + "；《中华人民共和国促进科技成果转化法》", statutory=60, promise=("working_days", 30),
           variants=[
               V("企业研发费用后补助", materials=m("subsidy_application business_license rd_audit bank_account")),
               V("科技创新券申领", materials=m("subsidy_application business_license contract")),
           ]),
    Family("sci", "reward", "province", "河南省科学技术奖推荐", m("application_form performance_records ip_proof"),
           "《国家科学技术奖励条例》；《河南省科学技术奖励办法》", statutory=90, promise=("working_days", 60)),
]  # fmt: skip

WATER = "《中华人民共和国水法》"
SOIL = "《中华人民共和国水土保持法》"
AIR_DEFENCE = "《中华人民共和国人民防空法》"
WEATHER = "《中华人民共和国气象法》；《气象灾害防御条例》"

XZSP = [
    Family("xzsp", "licensing", "city", "取水许可", (), WATER + "第四十八条；《取水许可和水资源费征收管理条例》", statutory=45,
           promise=("working_days", 20), window=W_BUILD,
           variants=lifecycle(m("application_form water_resource_report project_filing ?eia_report"), cancel=False)),
    Family("xzsp", "licensing", "district", "{}", (), SOIL, statutory=20, promise=("working_days", 10), window=W_BUILD, variants=[
        V("生产建设项目水土保持方案审批", materials=m("application_form soil_conservation_plan project_filing")),
        V("生产建设项目水土保持设施自主验收报备", materials=m("application_form completion_report soil_conservation_plan"),
          item_type="other", promise=("working_days", 5)),
        V("水土保持补偿费征收", materials=m("application_form soil_conservation_plan"), item_type="other",
          promise=("working_days", 5), basis=SOIL + "第三十二条；《水土保持补偿费征收使用管理办法》"),
    ]),
    Family("xzsp", "licensing", "district", "{}", (), "《中华人民共和国防洪法》；《中华人民共和国河道管理条例》", statutory=20,
           promise=("working_days", 10), window=W_BUILD, variants=[
               V("河道管理范围内建设项目工程建设方案审批", materials=m("application_form flood_impact_report design_drawings")),
               V("洪水影响评价类审批", materials=m("application_form flood_impact_report project_filing")),
               V("河道采砂许可", materials=m("application_form business_license works_plan equipment_list"), level="city"),
               V("占用农业灌溉水源、灌排工程设施审批", materials=m("application_form design_drawings ?contract"),
                 basis=WATER + "；《国务院对确需保留的行政审批项目设定行政许可的决定》"),
           ]),
    Family("xzsp", "licensing", "city", "水利基建项目初步设计文件审批", m("application_form preliminary_design feasibility_study"),
           "《政府投资条例》；《水利工程建设项目管理规定》", statutory=20, promise=("working_days", 15), window=W_BUILD),
    Family("xzsp", "licensing", "district", "{}", (), AIR_DEFENCE, statutory=20, promise=("working_days", 5), window=W_BUILD,
           variants=[
               V("应建防空地下室的民用建筑项目报建审批", materials=m("application_form design_drawings planning_permit")),
               V("防空地下室易地建设审批", materials=m("application_form design_drawings evidence")),
               V("人民防空工程竣工验收备案", materials=m("application_form completion_report testing_report"),
                 item_type="other"),
           ]),
    Family("xzsp", "licensing", "district", "{}", (), WEATHER, statutory=20, promise=("working_days", 5), window=W_BUILD, variants=[
        V("防雷装置设计审核", materials=m("application_form lightning_design project_filing")),
        V("防雷装置竣工验收", materials=m("application_form lightning_design testing_report completion_report")),
        V("升放无人驾驶自由气球或者系留气球活动审批", materials=m("application_form event_security_plan staff_qualifications"),
          statutory=5, promise=("working_days", 3), basis="《通用航空飞行管制条例》；《升放气球管理办法》"),
    ]),
    Family("xzsp", "other", "district", "{}", (), "《优化营商环境条例》；《国务院办公厅关于全面开展工程建设项目审批制度改革的实施意见》", statutory=12,
           promise=("working_days", 7), window=W_BUILD, variants=[
               V("工程建设项目联合竣工验收", materials=m("application_form completion_report planning_permit testing_report")),
               V("建设工程“多测合一”测绘成果审核", materials=m("application_form cadastral_survey planning_permit"),
                 promise=("working_days", 5)),
           ]),
    Family("xzsp", "public_service", "district", "{}", (), "《优化营商环境条例》", statutory=20, promise=("working_days", 10),
           window=W_GENERAL, variants=[
               V("政府信息公开申请", materials=m("application_form applicant_id"),
                 basis="《中华人民共和国政府信息公开条例》第二十七条", statutory=20),
               V("重大投资项目全程帮办代办", materials=m("application_form business_license project_filing ?power_of_attorney")),
               V("惠企政策兑现申请", materials=m("application_form business_license bank_account ?financial_statements"),
                 item_type="payment"),
           ]),
]  # fmt: skip

FAMILIES = TRANSPORT + AGRI + CULTURE + SCI + XZSP
