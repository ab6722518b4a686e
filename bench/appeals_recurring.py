"""Finding recurring questions over 100,000 appeal texts (issue 5: < 60 s on 2 cores).

Generates varied Russian appeal texts from 14 problem families (each with several ways of
saying it, random addresses, greetings, details and endings) plus unrelated one-off texts,
then runs the same pipeline the background task runs (lemmas → TF-IDF → SVD + MiniBatchKMeans
→ agglomerative merge) and reports time per stage and how pure the groups are (share of each
group's texts from its main family). No database: the pipeline is pure computation; storing
the groups is two bulk inserts. Pin to 2 cores to match the target:

    taskset -c 0,1 env OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 \\
        .venv/bin/python bench/appeals_recurring.py [--texts 100000]
"""

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import machine  # noqa: E402
from veche.appeals.recurring import cluster as C  # noqa: E402
from veche.appeals.recurring.text import analysed, lemma  # noqa: E402

FAMILIES = {
    "яма": ["во дворе яма на проезде", "ямы на дворовом проезде", "разбит асфальт во дворе",
            "отремонтировать асфальт у подъезда", "глубокие выбоины на дороге у дома",
            "после дождя в ямах лужи по колено", "нужен ямочный ремонт проезда"],
    "свет": ["не горит фонарь у подъезда", "нет освещения во дворе", "во дворе темно вечером",
             "не работает уличное освещение", "перегорели лампы в фонарях",
             "установить фонарь над детской площадкой"],
    "неровность": ["установить лежачего полицейского", "нужна искусственная неровность",
                   "машины гоняют по двору на большой скорости", "лежачий полицейский у школы"],
    "площадка": ["сломаны качели на детской площадке", "горка на площадке опасная",
                 "нужна новая детская площадка", "песочница без песка, качели шатаются"],
    "фкгс": ["как попасть в программу комфортная городская среда",
             "благоустроить двор по программе формирования комфортной среды",
             "включить двор в программу благоустройства"],
    "мусор": ["мусор вывозят нерегулярно", "переполнены мусорные контейнеры",
              "на контейнерной площадке свалка", "чаще вывозить мусор"],
    "крыша": ["течёт крыша", "протекает кровля над пятым этажом", "затапливает верхний этаж",
              "после дождя протечка с чердака"],
    "деревья": ["аварийное дерево у дома", "спилить старые тополя", "обрезать деревья у окон",
                "ветки падают на машины"],
    "парковка": ["негде парковаться во дворе", "обустроить парковку у дома",
                 "машины стоят на газонах, нужна стоянка"],
    "скамейки": ["поставить скамейки у подъездов", "нет лавочек во дворе",
                 "установить лавочки и беседку"],
    "собаки": ["бездомные собаки во дворе", "стая бродячих собак у школы", "отлов собак"],
    "снег": ["не убирают снег во дворе", "наледь на тротуаре у подъезда",
             "сосульки на крыше над входом", "посыпать дорожки от гололёда"],
    "лифт": ["лифт постоянно ломается", "когда капитальный ремонт лифта",
             "стояки гнилые, нужен капремонт дома"],
    "тротуар": ["нет тротуара до остановки", "разбитая пешеходная дорожка",
                "высокий бордюр у перехода, коляски не проедут"],
}
OPENERS = ["", "Уважаемый Глава города!", "Здравствуйте.", "Прошу разобраться:",
           "Жители дома просят:", "Добрый день!", "Обращаюсь повторно.", "Уважаемая администрация,"]
PLACES = ["у дома {h} по улице {s}", "во дворе дома {h}", "на улице {s}, {h}", "", "",
          "возле подъезда {p} дома {h}", "напротив школы № {n}"]
DETAILS = ["", "Уже третий год.", "Дети ходят в школу в темноте.", "Пожилым людям опасно.",
           "Управляющая компания не отвечает.", "Писали в прошлом году, ничего не сделано.",
           "Фото прилагаю.", "Очень просим помочь.", "Сколько можно ждать?"]
CLOSERS = ["", "Спасибо.", "Заранее благодарны.", "С уважением, жители.", "Ждём ответа."]
STREETS = ["Ленина", "Мира", "Победы", "Конституции", "Строителей", "Спортивная", "Зелёная",
           "Комсомольская", "Заречная", "Лесная", "Светлая", "Молодёжная", "Юбилейная"]
ONE_OFF = ["когда откроют бассейн после ремонта", "прошу выделить место на кладбище",
           "как получить справку о составе семьи", "не приходит пенсия", "хочу стать волонтёром",
           "куда сдать старые батарейки", "расписание автобуса номер {n} изменилось",
           "шумные соседи сверху по ночам", "запись в кружок рисования для ребёнка",
           "почему подорожал проезд", "благодарю врача поликлиники за помощь"]


def texts(n: int, seed: int = 1) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    out, truth = [], []
    families = list(FAMILIES)
    for _ in range(n):
        place = rng.choice(PLACES).format(h=rng.randint(1, 80), s=rng.choice(STREETS),
                                          p=rng.randint(1, 6), n=rng.randint(1, 12))
        if rng.random() < 0.12:
            family, core = "разное", rng.choice(ONE_OFF).format(n=rng.randint(1, 40))
        else:
            family = rng.choice(families)
            core = rng.choice(FAMILIES[family])
        parts = [rng.choice(OPENERS), core.capitalize(), place, rng.choice(DETAILS),
                 rng.choice(CLOSERS)]
        out.append(" ".join(p for p in parts if p).replace("  ", " "))
        truth.append(family)
    return out, truth


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=100_000)
    args = parser.parse_args()
    corpus, truth = texts(args.texts)
    print(f"{len(corpus)} texts, e.g.: «{corpus[0]}» / «{corpus[1]}»")

    t0 = time.perf_counter()
    for t in corpus:  # warm the lemma cache the way the vectoriser will use it
        analysed(t)
    t_lemmas = time.perf_counter() - t0
    info = lemma.cache_info()
    t1 = time.perf_counter()
    found = C.clusters_of(corpus, min_size=3)
    t_cluster = time.perf_counter() - t1
    total = time.perf_counter() - t0

    covered = sum(len(c.members) for c in found)
    pure = sum(Counter(truth[i] for i in c.members).most_common(1)[0][1] for c in found)
    families_found = {Counter(truth[i] for i in c.members).most_common(1)[0][0]
                      for c in found if len(c.members) >= 50}
    print(f"machine: {machine()}")
    print(f"lemmatisation: {t_lemmas:.1f} s ({info.currsize} distinct words cached)")
    print(f"vectorise + cluster: {t_cluster:.1f} s")
    print(f"total: {total:.1f} s for {len(corpus)} texts")
    print(f"groups: {len(found)}; texts in groups: {covered / len(corpus):.1%}; "
          f"purity: {pure / max(covered, 1):.1%}; families found among groups of 50+: "
          f"{len(families_found - {'разное'})} of {len(FAMILIES)}")
    for c in found[:8]:
        main_family, n = Counter(truth[i] for i in c.members).most_common(1)[0]
        print(f"  {len(c.members):6d}  {c.label:40s} ({main_family}: {n / len(c.members):.0%})")


if __name__ == "__main__":
    main()
