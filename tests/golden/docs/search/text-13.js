__briefingSearch.add("text-13",{"prefix":"k","words":{"keep":[16],"keir":[4,13],"kept":[12],"killed":[16],"kursk":[16],"kyiv":[4,13]}});
