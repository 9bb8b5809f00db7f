__briefingSearch.add("text-12",{"prefix":"j","words":{"jobs":[2],"john":[1],"joined":[1,3],"juncture":[4],"just":[4]}});
