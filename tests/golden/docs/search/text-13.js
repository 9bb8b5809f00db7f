__briefingSearch.add("text-13",{"prefix":"k","words":{"keep":[4],"keir":[1,3],"kept":[3],"killed":[4],"kursk":[4],"kyiv":[1,3]}});
