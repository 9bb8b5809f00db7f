__briefingSearch.add("text-0",{"prefix":"1","words":{"120m":[8]}});
