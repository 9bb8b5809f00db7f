__briefingSearch.add("text-23",{"prefix":"v","words":{"values":[4],"very":[1],"video":[1],"visit":[4],"vladimir":[1,3],"volodymyr":[0,1,3]}});
