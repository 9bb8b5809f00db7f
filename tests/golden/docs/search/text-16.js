__briefingSearch.add("text-16",{"prefix":"n","words":{"nations":[0,4],"nato":[1,3],"needs":[2],"negotiations":[4],"new":[0,2],"north":[1],"not":[0,1],"noted":[4],"now":[2,2]}});
