__briefingSearch.add("text-23",{"prefix":"v","words":{"values":[16],"very":[4],"video":[4],"visit":[16],"vladimir":[4,12],"volodymyr":[0,4,12]}});
