"""The one Russian stop list: words that say nothing about what a text is about.

Merged from the two lists Veche had (the appeals' recurring questions and the bank of
practices): function words — pronouns, prepositions, conjunctions, particles — with the
auxiliary and modal verbs, vague adverbs and a few abbreviations. Words are written
lower-case with ё as е, as `lemma()` gives them; a text's word is dropped when either its own
form or its lemma is here, so the list holds both («может» and «мочь»; «её» is caught by its
lemma «она»).

What is not here: the words every text of one capability carries («прошу», «житель», «дом»
in an appeal). They are that capability's own and are added where it calls `lemmas(…,
stop=…)` (veche/appeals/recurring/text.py); in the bank of practices «двор» or «город» are
words a person searches for.
"""

STOP_WORDS: frozenset[str] = frozenset("""
а без бы в во да для до ж же за и из или к ко ли либо на над не ни но ну о об однако от
перед по под после при про разве с со то тоже у уж хоть хотя чем через что чтоб чтобы будто
если только между
я мы ты вы он она оно они меня мне мной нас нам тебя тебе вас вам его ему него ее ей ней нее
им ним их них себя себе мой моя свой свою ваш наш наша наше наши сам самый тот те той том
ту того тем этот эта это эти эту этого этой этом весь все всю всего всех какой какая такой
который которая которые каждый другой чей чья кто чего
быть был была были было будет есть нет стать мочь может можно нельзя надо нужно необходимо
хотеть хотеться
вот где здесь там тут куда зачем когда почему сколько как так также уже еще ещё теперь
тогда потом сейчас давно сих пор иногда всегда никогда вдруг опять наконец ведь впрочем
конечно совсем почти чуть очень много более больше лучше хорошо ничего нибудь потому даже
один два три раз год г гг др ул
""".replace("ё", "е").split())
