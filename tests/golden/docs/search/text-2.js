__briefingSearch.add("text-2",{"prefix":"3","words":{"30":[16]}});
