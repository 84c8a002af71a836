"""The ledger: plans, chapters, items, officials, units, their links, targets, differences,
and the source documents (gazette issues, newspaper pages) they were read from.

A plan is one district's one year, built from one breakdown notice and its
livelihood-projects notice. Officials and units belong to a district and outlive a
plan; what an official supervises is recorded per plan (the division-of-labour notice
changes over the years).
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class District(models.Model):
    name = models.CharField("区县", max_length=40, unique=True)  # 兖州区
    city = models.CharField("所属市", max_length=40, blank=True)  # 济宁市

    class Meta:
        verbose_name = "区县"
        verbose_name_plural = "区县"

    def __str__(self) -> str:
        return f"{self.city}{self.name}"

    @property
    def abbreviation(self) -> str:
        """The character used in document numbers (济兖政发 → 兖)."""
        return self.name[:1]


class SourceDocument(models.Model):
    """One published issue (a gazette issue, a newspaper page) with its raw text.

    Its identity is the issue, not the bytes: a corrected re-publication of the same issue
    replaces the text and keeps what is linked to it. The table keeps the name it had when
    the gazette app owned the model.
    """

    class Kind(models.TextChoices):
        GAZETTE = "gazette", "政府公报"
        NEWSPAPER = "newspaper", "报纸版面"
        NOTICE = "notice", "单独的通知或分解表"

    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    issue = models.CharField("期号", max_length=60, blank=True)  # 2024年第1-3期
    number = models.CharField("总期号", max_length=60, blank=True)  # 总第121-123期
    published_on = models.DateField("出版日期", null=True, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    raw_text = models.TextField("原文")
    content_hash = models.CharField("内容摘要（SHA-256）", max_length=64, db_index=True)
    encoding = models.CharField("编码", max_length=20, default="utf-8")
    filename = models.CharField("文件名", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "来源文件"
        verbose_name_plural = "来源文件"
        ordering = ["-published_on", "title"]
        db_table = "gazette_sourcedocument"
        constraints = [
            models.UniqueConstraint(fields=["kind", "title", "issue"], name="document_unique_issue")
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.issue}".strip()


class Plan(models.Model):
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="plans", verbose_name="区县"
    )
    year = models.PositiveSmallIntegerField("年度")
    notice_number = models.CharField("分解通知文号", max_length=60)
    notice_title = models.CharField("分解通知标题", max_length=200)
    notice_issued_on = models.DateField("分解通知日期", null=True, blank=True)
    livelihood_number = models.CharField("实事通知文号", max_length=60, blank=True)
    livelihood_title = models.CharField("实事通知标题", max_length=200, blank=True)
    division_number = models.CharField("分工通知文号", max_length=60, blank=True)
    division_issued_on = models.DateField("分工通知日期", null=True, blank=True)
    report_delivered_on = models.DateField("政府工作报告日期", null=True, blank=True)
    report_speaker = models.CharField("报告人", max_length=20, blank=True)
    general_requirements = models.TextField("总体要求", blank=True)
    host_note = models.CharField(
        "主办单位标注说明",
        max_length=200,
        blank=True,
        help_text="如“黑体为主办单位”：原文靠字体标注，纯文本已丢失",
    )
    source = models.ForeignKey(
        SourceDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="plans"
    )
    # When the lights were last recomputed: a page recomputes them once a deadline has passed since.
    lights_computed_at = models.DateTimeField("亮灯计算时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "计划（年度台账）"
        verbose_name_plural = "计划（年度台账）"
        ordering = ["-year", "district__name"]
        constraints = [models.UniqueConstraint(fields=["district", "year"], name="plan_unique_district_year")]

    def __str__(self) -> str:
        return f"{self.year}年{self.district.name}"

    @property
    def key(self) -> str:
        """The plan's handle on the command line and in URLs: 2024-兖州区."""
        return f"{self.year}-{self.district.name}"


class Chapter(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveSmallIntegerField("序号")  # 2 for 二、
    numeral = models.CharField("中文序号", max_length=6)
    title = models.CharField("标题", max_length=120)
    report_title = models.CharField("报告中的标题", max_length=120, blank=True)

    class Meta:
        verbose_name = "章节"
        verbose_name_plural = "章节"
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="chapter_unique_number")]

    def __str__(self) -> str:
        return f"{self.numeral}、{self.title}"


class Unit(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", "区直部门"
        TOWN = "town", "镇街"
        PARK = "park", "园区"
        PARTY = "party", "党委部门"
        GROUP = "group", "单位集合"
        OTHER = "other", "其他单位"

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="units")
    name = models.CharField("规范名称", max_length=80)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices, default=Kind.DEPARTMENT)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(verbose_name="单位变更记录")

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="unit_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_group(self) -> bool:
        return self.kind == self.Kind.GROUP


class UnitAlias(models.Model):
    """Another way the documents write a unit's name (区发展改革局 for 区发展和改革局)."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="unit_aliases")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField("别名", max_length=120)
    history = HistoricalRecords(verbose_name="别名变更记录")

    class Meta:
        verbose_name = "单位别名"
        verbose_name_plural = "单位别名"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="alias_unique_name")]

    def __str__(self) -> str:
        return self.name


class Official(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="officials")
    name = models.CharField("姓名", max_length=20)
    position = models.CharField("职务", max_length=80, blank=True)

    class Meta:
        verbose_name = "领导"
        verbose_name_plural = "领导"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="official_unique_name")]

    def __str__(self) -> str:
        return self.name


class LeaderAssignment(models.Model):
    """One government leader's share of work in a plan's division-of-labour notice."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="assignments")
    order = models.PositiveSmallIntegerField("排序")
    duties = models.TextField("负责工作", blank=True)
    liaison_work = models.CharField("联系工作", max_length=200, blank=True)
    presides = models.BooleanField("主持全面工作", default=False)
    substitute = models.ForeignKey(
        Official, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="补位对子"
    )
    acting = models.ForeignKey(
        Official,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="外出时主持工作",
        help_text="本人出区、休假期间主持工作的领导",
    )

    class Meta:
        verbose_name = "领导分工"
        verbose_name_plural = "领导分工"
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "official"], name="assignment_unique_official")
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.official}"


class LeaderUnit(models.Model):
    class Relation(models.TextChoices):
        SUPERVISES = "supervises", "分管"
        LIAISES = "liaises", "联系"

    assignment = models.ForeignKey(LeaderAssignment, on_delete=models.CASCADE, related_name="unit_links")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="leader_links")
    relation = models.CharField("关系", max_length=12, choices=Relation.choices)
    order = models.PositiveSmallIntegerField("排序")

    class Meta:
        verbose_name = "分管/联系单位"
        verbose_name_plural = "分管/联系单位"
        ordering = ["assignment", "relation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "unit", "relation"], name="leaderunit_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment.official} {self.get_relation_display()} {self.unit}"


class Item(models.Model):
    """A task of the breakdown notice or a livelihood project (为民办实事)."""

    class Kind(models.TextChoices):
        TASK = "task", "任务"
        LIVELIHOOD = "livelihood", "民生实事"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未启动"
        IN_PROGRESS = "in_progress", "推进中"
        DONE = "done", "已完成"
        BEHIND = "behind", "滞后"

    class Light(models.TextChoices):
        NONE = "none", "未评"
        GREEN = "green", "绿灯"
        YELLOW = "yellow", "黄灯"
        RED = "red", "红灯"
        DONE = "done", "已完成"

    # Fields staff may edit; an edited field is listed in staff_edited and a re-import leaves it alone.
    EDITABLE_FIELDS = ("title", "text", "deadline")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    number = models.PositiveSmallIntegerField("序号")
    chapter = models.ForeignKey(
        Chapter, on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    section = models.CharField("小节", max_length=200, blank=True)  # headings between chapter and item
    title = models.CharField("简称", max_length=120)
    text = models.TextField("任务内容")
    report_passage = models.TextField("政府工作报告原文", blank=True)
    report_heading = models.CharField("报告段落标题", max_length=60, blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True)
    deadline_note = models.CharField("时限依据", max_length=80, blank=True)
    source_line = models.PositiveIntegerField("原文行号", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤销时间", null=True, blank=True, help_text="修订后的通知中不再出现")
    # Where the item stands; computed from progress reports by the supervision workflow.
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    light = models.CharField("亮灯", max_length=8, choices=Light.choices, default=Light.NONE)
    progress = models.PositiveSmallIntegerField("完成进度（%）", default=0)
    last_reported_at = models.DateTimeField("最近报送", null=True, blank=True)
    staff_edited = models.JSONField("督查室修改过的字段", default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(verbose_name="事项变更记录", excluded_fields=["updated_at"])

    officials = models.ManyToManyField(Official, through="ItemOfficial", related_name="items")
    units = models.ManyToManyField(Unit, through="ItemUnit", related_name="items")

    class Meta:
        verbose_name = "事项"
        verbose_name_plural = "事项"
        ordering = ["plan", "kind", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "kind", "number"], name="item_unique_number")]

    def __str__(self) -> str:
        prefix = "任务" if self.kind == self.Kind.TASK else "实事"
        return f"{prefix}{self.number} {self.title}"


class ItemOfficial(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="official_links")
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="item_links")
    order = models.PositiveSmallIntegerField("排序")
    history = HistoricalRecords(verbose_name="牵头领导变更记录")

    class Meta:
        verbose_name = "牵头领导"
        verbose_name_plural = "牵头领导"
        ordering = ["item", "order"]
        constraints = [models.UniqueConstraint(fields=["item", "official"], name="itemofficial_unique")]

    def __str__(self) -> str:
        return f"{self.item} · {self.official}"


class ItemUnit(models.Model):
    class Role(models.TextChoices):
        HOST = "host", "主办"
        CO = "co", "协办"

    class Source(models.TextChoices):
        NOTICE = "notice", "通知明确"
        INFERRED = "inferred", "按规则推断"
        STAFF = "staff", "督查室确认"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="unit_links")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="item_links")
    role = models.CharField("角色", max_length=8, choices=Role.choices)
    order = models.PositiveSmallIntegerField("排序")
    source = models.CharField("角色来源", max_length=10, choices=Source.choices, default=Source.NOTICE)
    written_as = models.CharField("原文写法", max_length=120, blank=True)
    history = HistoricalRecords(verbose_name="承办单位变更记录")

    class Meta:
        verbose_name = "承办单位"
        verbose_name_plural = "承办单位"
        ordering = ["item", "order"]
        constraints = [models.UniqueConstraint(fields=["item", "unit"], name="itemunit_unique")]

    def __str__(self) -> str:
        return f"{self.item} · {self.unit}（{self.get_role_display()}）"

    @property
    def inferred(self) -> bool:
        return self.source == self.Source.INFERRED


class Target(models.Model):
    """A measurable promise (指标): of an item, or of the whole plan when item is empty."""

    class Comparison(models.TextChoices):
        EQ = "=", "="
        GTE = ">=", "≥"
        LTE = "<=", "≤"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, null=True, blank=True, related_name="targets")
    order = models.PositiveSmallIntegerField("排序")
    label = models.CharField("指标", max_length=200)
    value = models.DecimalField("目标值", max_digits=16, decimal_places=4)
    value_text = models.CharField("目标值（原文）", max_length=20)
    unit_of_measure = models.CharField("计量单位", max_length=12)
    comparison = models.CharField("比较", max_length=2, choices=Comparison.choices, default=Comparison.EQ)
    increase = models.BooleanField(
        "增幅", default=False, help_text="目标值是增长幅度（增长/提高），不是绝对量"
    )
    source_text = models.CharField("原文", max_length=300)

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["plan", "item", "order"]

    def __str__(self) -> str:
        sign = "≥" if self.comparison == ">=" else ("≤" if self.comparison == "<=" else "")
        return f"{self.label} {sign}{self.value_text}{self.unit_of_measure}"


class Discrepancy(models.Model):
    """Where the breakdown notice's wording departs from the adopted work report."""

    class Scope(models.TextChoices):
        ITEM = "item", "任务"
        CHAPTER = "chapter", "章节标题"
        PLAN = "plan", "总体要求和主要目标"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="discrepancies")
    scope = models.CharField("范围", max_length=8, choices=Scope.choices)
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, null=True, blank=True, related_name="discrepancies"
    )
    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, null=True, blank=True, related_name="discrepancies"
    )
    order = models.PositiveSmallIntegerField("排序")
    report_text = models.CharField("报告原文", max_length=400, blank=True)
    notice_text = models.CharField("通知写法", max_length=400, blank=True)
    report_context = models.CharField("报告上下文", max_length=500)
    notice_context = models.CharField("通知上下文", max_length=500)
    position = models.PositiveIntegerField("位置")

    class Meta:
        verbose_name = "报告与通知差异"
        verbose_name_plural = "报告与通知差异"
        ordering = ["plan", "scope", "item__number", "order"]

    def __str__(self) -> str:
        return f"“{self.report_text}” → “{self.notice_text}”"
