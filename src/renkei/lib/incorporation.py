"""The incorporation advisor's checklists from the seed's chapter 3, with no Django import:
the purposes of incorporating (l.3511–3582), the functions groups incorporate (l.3586–3688),
the seven criteria of a social company (l.2921–2941) and the stakeholders to revisit
(l.3692–3785). Each entry carries its seed lines."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    code: str
    title: str
    summary: str
    lines: str


PURPOSES: tuple[Entry, ...] = (
    Entry(
        "recognition",
        "① 認知度を上げたい",
        "法人は登記されることで、社会的な存在力を一定程度訴求できる。",
        "3531–3538",
    ),
    Entry(
        "legal_party",
        "② 法的な権利主体になる必要がある",
        "契約は人か法人しか締結できない。知的財産権の共同所有にも法人化が必要。",
        "3542–3566",
    ),
    Entry(
        "funding",
        "③ 資金や投資を募りたい",
        "外部からの出資や基金への拠出、金融機関の融資には法人格が求められることが多い。",
        "3570–3582",
    ),
)

FUNCTIONS: tuple[Entry, ...] = (
    Entry(
        "marketing",
        "① マーケティング機能・企画機能（商品仕様、上流設計など）",
        "外から金銭的・人的投資を仰ぐ必要があり、知的財産権の保全も考慮する。",
        "3598–3623",
    ),
    Entry(
        "negotiation",
        "② 対外的交渉機能",
        "PR・行政への活動、受注時に企業の連合体を代表して契約の主体になる。",
        "3627–3637",
    ),
    Entry(
        "funding",
        "③ 資金調達機能（出資、融資、補助金・助成金など）",
        "出資の受け皿、融資の前提条件、補助金・助成金の応募主体。",
        "3641–3657",
    ),
    Entry(
        "case_management",
        "④ 案件管理機能",
        "中立の立場でのプロジェクトマネジメント。法人化とは別の課題とも言える。",
        "3661–3674",
    ),
)

SOCIAL_CRITERIA: tuple[Entry, ...] = (
    Entry("c1", "①「ビジネスを通じた社会的課題の解決・改善」に取り組んでいる", "", "2927"),
    Entry("c2", "②事業の主目的は、利益の追求ではなく、社会的課題の解決である", "", "2929"),
    Entry(
        "c3",
        "③利益は出資や株主への配当ではなく主として事業に再投資する（営利法人のみの条件）",
        "",
        "2931",
    ),
    Entry(
        "c4",
        "④利潤のうち出資者・株主に配当される割合が 50％以下である（営利法人のみの条件）",
        "",
        "2933",
    ),
    Entry("c5", "⑤事業収益の合計は収益全体の 50％以上である", "", "2935"),
    Entry("c6", "⑥事業収益のうち公的保険（医療・介護等）からの収益は 50％以下である", "", "2937"),
    Entry(
        "c7",
        "⑦事業収益（補助金・会費・寄附以外の収益）のうち行政からの委託事業収益は 50％以下である",
        "",
        "2939–2941",
    ),
)

STAKEHOLDERS: tuple[Entry, ...] = (
    Entry(
        "members",
        "① 参加企業",
        "商流を見直し、お金の流れ・責任の所在を再整理し、会則などで合意をとる。意思決定への関与を明確にする。",
        "3700–3722",
    ),
    Entry(
        "customers",
        "② 顧客",
        "品質責任や瑕疵担保責任を参加企業との間で整理して顧客に示す。",
        "3726–3735",
    ),
    Entry(
        "government",
        "③ 自治体",
        "支援施策の仲立ち、補助金・助成金の受け皿、産業振興策の実事業推進。",
        "3739–3753",
    ),
    Entry(
        "banks",
        "④ 金融機関",
        "設立前から趣旨を説明して理解を得て、法人化の際もよく相談する。",
        "3757–3767",
    ),
    Entry(
        "universities",
        "⑤ 大学・研究機関",
        "連携法人が間に入るスキームを協議し、位置付けを理解してもらう。",
        "3771–3785",
    ),
)

STAGE_CHECK = ("法人化は製品化期以降で考えるべきものです。", "3493–3503")
MEANS_NOT_END = ("法人化は手段であって、目的ではないことを常に意識すべきです。", "3479–3483")
