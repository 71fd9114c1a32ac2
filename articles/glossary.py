"""The medical words the articles use, explained in plain English.

Articles link a word to its entry as [word](/glossary/#anchor); the page is
plain HTML with an id per entry, so the links work without JavaScript and
tests can check that every anchor an article names exists.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    anchor: str
    word: str
    meaning: str


TERMS = [
    Term("abpi", "ABPI (ankle brachial pressure index)",
         "A test that compares the blood pressure at your ankle with the blood pressure in your arm. A lower "
         "pressure at the ankle can mean the arteries to the leg are narrow."),
    Term("achilles-tendon", "Achilles tendon",
         "The thick cord at the back of the ankle that joins the calf muscle to the heel bone."),
    Term("artery", "Artery",
         "A tube that carries blood from the heart to the rest of the body. Veins carry it back."),
    Term("bakers-cyst", "Baker's cyst",
         "A swelling filled with fluid at the back of the knee. If it bursts, the calf can swell and hurt like a "
         "blood clot."),
    Term("cauda-equina-syndrome", "Cauda equina syndrome",
         "Pressure on the bundle of nerves at the bottom of the spine. It can cause numbness around the bottom and "
         "problems with peeing or pooing. It needs care in hospital at once."),
    Term("claudication", "Claudication",
         "Pain in a muscle, often the calf, that comes on when you walk and goes when you rest. It is a sign that "
         "the muscle is not getting enough blood."),
    Term("compartment-syndrome", "Compartment syndrome",
         "A rise in pressure inside a group of muscles, so blood cannot get in. The sudden (acute) kind is an "
         "emergency."),
    Term("cramp", "Cramp",
         "A muscle that tightens by itself and hurts. It lets go within seconds or minutes."),
    Term("dvt", "DVT (deep vein thrombosis)",
         "A blood clot in a deep vein, most often in the calf or thigh."),
    Term("diuretic", "Diuretic (water pill)",
         "A medicine that makes you pass more urine, to get rid of extra fluid or to lower blood pressure."),
    Term("guillain-barre-syndrome", "Guillain-Barré syndrome",
         "A rare illness in which the body's defences attack the nerves. Weakness and tingling spread up from the "
         "feet over hours or days."),
    Term("idiopathic", "Idiopathic",
         "With no known cause. Most night cramps are idiopathic."),
    Term("nocturnal", "Nocturnal",
         "At night. Nocturnal leg cramps are night cramps."),
    Term("platelets", "Platelets",
         "Tiny cells in the blood that help it to clot when you bleed."),
    Term("pulmonary-embolism", "Pulmonary embolism",
         "A blood clot in the lung. It often starts as a clot in a leg vein. It is an emergency."),
    Term("quinine", "Quinine",
         "A medicine once used for night cramps. It helps only a little and can cause serious harm, so in the UK it "
         "is used only in a careful, limited way."),
    Term("rhabdomyolysis", "Rhabdomyolysis",
         "Muscle breaking down fast. Signs are sore, weak muscles and dark brown pee. It is an emergency."),
    Term("statin", "Statin",
         "A medicine that lowers cholesterol, such as simvastatin or atorvastatin."),
    Term("tetanus", "Tetanus",
         "A rare, serious infection from a wound. It causes a stiff jaw and painful muscle spasms."),
    Term("thrombophlebitis", "Thrombophlebitis (superficial vein clot)",
         "A clot in a vein just under the skin. The vein feels hard, warm and sore. Some people with one also have "
         "a deep clot."),
]  # fmt: skip

ANCHORS = {term.anchor for term in TERMS}
