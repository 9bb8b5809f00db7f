__briefingSearch.add("text-1",{"prefix":"2","words":{"2028":[8]}});
