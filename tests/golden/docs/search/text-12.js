__briefingSearch.add("text-12",{"prefix":"j","words":{"jobs":[8],"john":[4],"joined":[4,12],"juncture":[16],"just":[16]}});
